import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

/**
 * What sales needs on a product: the taxes charged to customers (and paid to vendors), and
 * whether it is invoiced on ordered or on delivered quantities.
 */
export const ProductTemplateSale = extend('product.template', (Base) => class extends Base {
  static override _fields = {
    taxes_id: fields.many2many('account.tax', {
      string: 'Customer Taxes', relation: 'product_taxes_rel', column1: 'prod_id', column2: 'tax_id',
      domain: [['type_tax_use', '=', 'sale']], help: 'Default taxes used when selling the product.',
    }),
    supplier_taxes_id: fields.many2many('account.tax', {
      string: 'Vendor Taxes', relation: 'product_supplier_taxes_rel', column1: 'prod_id', column2: 'tax_id',
      domain: [['type_tax_use', '=', 'purchase']], help: 'Default taxes used when buying the product.',
    }),
    invoice_policy: fields.selection([['order', 'Ordered quantities'], ['delivery', 'Delivered quantities']], {
      string: 'Invoicing Policy', default: 'order', required: true,
      help: 'Ordered quantities: invoice what the customer ordered. Delivered quantities: invoice what was shipped.',
    }),
  };
});
