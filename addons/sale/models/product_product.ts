import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

/**
 * The sales fields of the template, on its variants too (Odoo's _inherits): scripts and order
 * lines deal with product.product, and read or set customer taxes and the invoicing policy there.
 * Writing them on a variant writes its template.
 */
export const ProductProductSale = extend('product.product', (Base) => class extends Base {
  static override _fields = {
    taxes_id: fields.many2many('account.tax', { string: 'Customer Taxes', related: 'product_tmpl_id.taxes_id', readonly: false }),
    supplier_taxes_id: fields.many2many('account.tax', { string: 'Vendor Taxes', related: 'product_tmpl_id.supplier_taxes_id', readonly: false }),
    invoice_policy: fields.selection([['order', 'Ordered quantities'], ['delivery', 'Delivered quantities']], {
      string: 'Invoicing Policy', related: 'product_tmpl_id.invoice_policy', readonly: false,
    }),
  };
});
