import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import { AMAZON_CHANNELS } from './sale_order';

/** Sales Analysis by Amazon account, marketplace and fulfilment channel (group-bys of read_group). */
export const SaleReportAmazon = extend('sale.report', (Base) => class extends Base {
  static override _fields = {
    amazon_account_id: fields.many2one('amazon.account', { string: 'Amazon Account', readonly: true }),
    amazon_marketplace_id: fields.many2one('amazon.marketplace', { string: 'Amazon Marketplace', readonly: true }),
    amazon_channel: fields.selection(AMAZON_CHANNELS, { string: 'Fulfillment Channel', readonly: true }),
  };

  _select_additional_fields(): Record<string, string> {
    return {
      ...super._select_additional_fields(),
      amazon_account_id: 's.amazon_account_id',
      amazon_marketplace_id: 's.amazon_marketplace_id',
      amazon_channel: 's.amazon_channel',
    };
  }
});
