import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** The pairing of a seller SKU with one of our products, per account. */
export class AmazonOffer extends Model {
  static override _name = 'amazon.offer';
  static override _description = 'Amazon Offer';
  static override _order = 'sku, id';
  static override _rec_name = 'sku';
  static override _fields = {
    account_id: fields.many2one('amazon.account', { string: 'Account', required: true, index: true, ondelete: 'cascade' }),
    company_id: fields.many2one('res.company', { string: 'Company', related: 'account_id.company_id', store: true, index: true }),
    marketplace_id: fields.many2one('amazon.marketplace', { string: 'Marketplace', required: true, ondelete: 'restrict' }),
    product_id: fields.many2one('product.product', { string: 'Product', required: true, index: true, ondelete: 'cascade' }),
    sku: fields.char({ string: 'Amazon SKU', required: true, index: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['account_sku_uniq', 'unique(account_id, sku)', 'This SKU already has an offer on this Amazon account; a SKU can be paired with one product per account only.'],
  ];
}
