import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/**
 * Per-marketplace overrides of an account: a German team for Amazon.de, a pan-EU FBA location…
 * Without a row, the account's own team and location apply.
 */
export class AmazonAccountMarketplace extends Model {
  static override _name = 'amazon.account.marketplace';
  static override _description = 'Amazon Account Marketplace Settings';
  static override _order = 'account_id, marketplace_id';
  static override _fields = {
    account_id: fields.many2one('amazon.account', { string: 'Account', required: true, index: true, ondelete: 'cascade' }),
    marketplace_id: fields.many2one('amazon.marketplace', { string: 'Marketplace', required: true, ondelete: 'restrict' }),
    team_id: fields.many2one('crm.team', { string: 'Sales Team' }),
    location_id: fields.many2one('stock.location', { string: 'FBA Stock Location', domain: [['usage', '=', 'internal']] }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['account_marketplace_uniq', 'unique(account_id, marketplace_id)', 'This marketplace already has its own settings on this account; edit that line instead.'],
  ];
}
