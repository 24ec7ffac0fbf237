import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

/** Amazon item references are what shipment confirmations quote back to Amazon. */
export const SaleOrderLineAmazon = extend('sale.order.line', (Base) => class extends Base {
  static override _fields = {
    amazon_item_ref: fields.char({ string: 'Amazon Item Reference', readonly: true, copy: false, index: true }),
    amazon_offer_id: fields.many2one('amazon.offer', { string: 'Amazon Offer', readonly: true, copy: false, ondelete: 'set null' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['amazon_item_ref_uniq', 'unique(amazon_item_ref)', 'This Amazon order item has already been imported on another order line.'],
  ];
});
