import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';

/**
 * A minimal pricelist: it fixes the currency an order is sold in. Prices come from the
 * product's sales price, converted to the pricelist currency (no price rules yet).
 */
export class ProductPricelist extends Model {
  static override _name = 'product.pricelist';
  static override _description = 'Pricelist';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ string: 'Pricelist Name', required: true }),
    active: fields.boolean({ default: true }),
    sequence: fields.integer({ default: 16 }),
    currency_id: fields.many2one('res.currency', {
      string: 'Currency', required: true, ondelete: 'restrict',
      default: async (env) => {
        const { rows } = await env.cr.query<{ currency_id: number }>('SELECT currency_id FROM res_company WHERE id = $1', [await env.companyId()]);
        return rows[0]?.currency_id ?? false;
      },
    }),
    company_id: fields.many2one('res.company', { string: 'Company', help: 'Empty: usable by every company.' }),
  };

  /**
   * The pricelist to sell in a currency: the first active one of the current company (or shared),
   * created on demand, so orders imported in EUR or JPY get a pricelist without setup.
   */
  async _get_or_create_pricelist(currencyId: number): Promise<number> {
    if (!Number.isInteger(currencyId) || currencyId <= 0) throw new UserError(`A pricelist needs a currency; got ${JSON.stringify(currencyId)}.`);
    const companyId = await this.env.companyId();
    const pricelists = this.sudo();
    const found = await pricelists._searchIds(
      [['currency_id', '=', currencyId], '|', ['company_id', '=', false], ['company_id', '=', companyId]], { limit: 1 });
    if (found.length) return found[0];
    const { rows } = await this.env.cr.query<{ name: string; active: boolean }>('SELECT name, active FROM res_currency WHERE id = $1', [currencyId]);
    if (!rows.length) throw new UserError(`The currency with id ${currencyId} does not exist: choose an existing currency.`);
    if (!rows[0].active) {
      throw new UserError(`The currency ${rows[0].name} is not active, so nothing can be sold in it: activate it in the currency settings first.`);
    }
    const created = await pricelists.create({ name: `Default ${rows[0].name} pricelist`, currency_id: currencyId, company_id: false });
    return created.ids[0];
  }
}
