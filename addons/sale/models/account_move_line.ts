import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

/**
 * Invoice lines know the product and unit they bill and the sales order lines they come from;
 * the latter is how sale.order.line counts its invoiced quantity.
 */
export const AccountMoveLineSale = extend('account.move.line', (Base) => class extends Base {
  static override _fields = {
    product_id: fields.many2one('product.product', { string: 'Product', index: true, ondelete: 'restrict' }),
    product_uom_id: fields.many2one('uom.uom', { string: 'Unit of Measure', ondelete: 'restrict' }),
    sale_line_ids: fields.many2many('sale.order.line', {
      string: 'Sales Order Lines', relation: 'sale_order_line_invoice_rel', column1: 'invoice_line_id', column2: 'order_line_id', copy: false,
    }),
  };
});
