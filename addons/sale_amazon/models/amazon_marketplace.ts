import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';

export const AMAZON_REGIONS: Array<[string, string]> = [
  ['us-east-1', 'North America'],
  ['eu-west-1', 'Europe'],
  ['us-west-2', 'Far East'],
];

/** An Amazon store (Amazon.fr, Amazon.com, …). Seeded as data; the list is Amazon's, not the user's. */
export class AmazonMarketplace extends Model {
  static override _name = 'amazon.marketplace';
  static override _description = 'Amazon Marketplace';
  static override _order = 'name, id';
  static override _fields = {
    name: fields.char({ required: true }),
    api_ref: fields.char({ string: 'API Identifier', required: true, help: "Amazon's MarketplaceId." }),
    region: fields.selection(AMAZON_REGIONS, { required: true, default: 'us-east-1', help: 'Selects the Selling Partner API host that serves this marketplace.' }),
    seller_central_url: fields.char({ string: 'Seller Central URL', required: true }),
    tax_included: fields.boolean({ string: 'Tax Included', default: false, help: 'Whether the item prices Amazon reports on this marketplace already contain the tax.' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['api_ref_uniq', 'unique(api_ref)', 'Another marketplace already has this Amazon identifier; each Amazon marketplace is recorded once.'],
  ];

  /** Accounts, offers and orders point to marketplaces; removing one would orphan them. */
  override async unlink(): Promise<true> {
    if (this.ids.length) throw new UserError('Amazon marketplaces are part of the connector and cannot be deleted.');
    return true;
  }
}
