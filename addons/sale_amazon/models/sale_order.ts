import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

export const AMAZON_CHANNELS: Array<[string, string]> = [['fbm', 'Fulfilled by Merchant'], ['fba', 'Fulfilled by Amazon']];

/**
 * Amazon orders carry their account and marketplace themselves (the reference derives the account
 * from the first line's offer, which breaks when an offer is deleted).
 */
export const SaleOrderAmazon = extend('sale.order', (Base) => class extends Base {
  static override _fields = {
    amazon_order_ref: fields.char({ string: 'Amazon Reference', readonly: true, copy: false, index: true }),
    amazon_channel: fields.selection(AMAZON_CHANNELS, { string: 'Fulfillment Channel', readonly: true, copy: false }),
    amazon_account_id: fields.many2one('amazon.account', { string: 'Amazon Account', readonly: true, copy: false, index: true, ondelete: 'restrict' }),
    amazon_marketplace_id: fields.many2one('amazon.marketplace', { string: 'Amazon Marketplace', readonly: true, copy: false, ondelete: 'restrict' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['amazon_order_ref_uniq', 'unique(amazon_order_ref)', 'This Amazon order has already been imported: an Amazon order gives exactly one sales order.'],
  ];
});
