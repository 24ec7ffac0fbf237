import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { ValidationError } from '../../base/orm/exceptions';
import { computeTaxes, type TaxResult, type TaxSpec } from '../tools/tax_compute';

export interface ComputeAllOptions {
  currency_id?: number | false;
  quantity?: number;
  partner_id?: number | false;
  is_refund?: boolean;
}

/** Sales and purchase taxes; the repartition is simplified to one tax account. */
export class AccountTax extends Model {
  static override _name = 'account.tax';
  static override _description = 'Tax';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ string: 'Tax Name', required: true }),
    type_tax_use: fields.selection([['sale', 'Sales'], ['purchase', 'Purchases'], ['none', 'None']], { string: 'Tax Type', required: true, default: 'sale' }),
    amount_type: fields.selection([['percent', 'Percentage of Price'], ['fixed', 'Fixed']], { string: 'Tax Computation', required: true, default: 'percent' }),
    amount: fields.float({ required: true, default: 0, digits: [16, 4] }),
    price_include: fields.boolean({ string: 'Included in Price', default: false, help: 'The price on the line already contains this tax.' }),
    sequence: fields.integer({ default: 1 }),
    description: fields.char({ string: 'Description' }),
    invoice_label: fields.char({ string: 'Label on Invoices' }),
    account_id: fields.many2one('account.account', { string: 'Tax Account', ondelete: 'restrict', help: 'Where the tax amounts are booked. Without it the tax is not booked (total_void).' }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, default: (env: any) => env.companyId(), index: true }),
    active: fields.boolean({ default: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['name_company_uniq', 'unique (name, company_id, type_tax_use)', 'A tax with this name already exists for this company and use: give it another name.'],
  ];
  static override _public = ['compute_all'];
  static override _constrains = { _check_amount: ['amount', 'amount_type'] };

  async _check_amount(): Promise<void> {
    for (const row of await this.sudo().fetch(['amount', 'amount_type', 'price_include', 'name'])) {
      if (row.amount_type === 'percent' && row.price_include && row.amount <= -100) {
        throw new ValidationError(`The included tax "${row.name}" cannot be -100% or less: the price would have no base.`);
      }
    }
  }

  /** The taxes in the order Odoo applies them, in the shape computeTaxes wants. */
  async _taxSpecs(): Promise<TaxSpec[]> {
    if (!this.ids.length) return [];
    const rows = await this.sudo().fetch(['name', 'amount_type', 'amount', 'price_include', 'account_id', 'sequence']);
    rows.sort((a, b) => a.sequence - b.sequence || a.id - b.id);
    return rows.map((row) => ({ id: row.id, name: row.name, amount_type: row.amount_type, amount: row.amount, price_include: row.price_include, account_id: row.account_id }));
  }

  /**
   * Odoo's compute_all: { total_excluded, total_included, total_void, taxes: [{ id, name, amount,
   * base, account_id }] }, rounded to the currency (the company's when none is given).
   */
  async compute_all(priceUnit: number, options: ComputeAllOptions = {}): Promise<TaxResult> {
    if (typeof priceUnit !== 'number' || !Number.isFinite(priceUnit)) throw new ValidationError('compute_all needs a numeric unit price.');
    const quantity = options.quantity ?? 1;
    if (typeof quantity !== 'number' || !Number.isFinite(quantity)) throw new ValidationError('compute_all needs a numeric quantity.');
    const rounding = await this._currencyRounding(options.currency_id);
    return computeTaxes(await this._taxSpecs(), priceUnit, quantity, rounding);
  }

  private async _currencyRounding(currencyId: number | false | undefined): Promise<number> {
    let id = currencyId;
    if (!id) {
      const { rows } = await this.env.cr.query<{ currency_id: number }>('SELECT currency_id FROM res_company WHERE id = $1', [await this.env.companyId()]);
      id = rows[0]?.currency_id;
    }
    const { rows } = await this.env.cr.query<{ rounding: number }>('SELECT rounding FROM res_currency WHERE id = $1', [id]);
    if (!rows.length) throw new ValidationError(`The currency ${currencyId} does not exist.`);
    return Number(rows[0].rounding);
  }
}
