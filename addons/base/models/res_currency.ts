import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import { UserError } from '../orm/exceptions';

/** Rounds half away from zero to the currency's rounding step, as Odoo's float_round. */
export function roundTo(value: number, rounding: number): number {
  if (!rounding) return value;
  const steps = value / rounding;
  // Correct binary noise (2.675 / 0.01 = 267.49999...) before rounding half away from zero.
  const normalized = Math.round(steps * 1e9) / 1e9;
  const rounded = Math.sign(normalized) * Math.round(Math.abs(normalized));
  const decimals = Math.max(0, Math.ceil(-Math.log10(rounding)));
  return Number((rounded * rounding).toFixed(decimals));
}

/** ISO 4217 currencies with their rounding and rates. */
export class ResCurrency extends Model {
  static override _name = 'res.currency';
  static override _description = 'Currency';
  static override _order = 'active desc, name';
  static override _fields = {
    name: fields.char({ string: 'Currency', required: true, size: 3 }),
    full_name: fields.char({ string: 'Name' }),
    symbol: fields.char({ required: true }),
    rounding: fields.float({ string: 'Rounding Factor', default: 0.01, digits: [12, 6] }),
    decimal_places: fields.integer({ compute: '_compute_decimal_places', depends: ['rounding'], store: true }),
    position: fields.selection([['after', 'After Amount'], ['before', 'Before Amount']], { default: 'after' }),
    rate_ids: fields.one2many('res.currency.rate', 'currency_id', { string: 'Rates' }),
    rate: fields.float({ string: 'Current Rate', compute: '_compute_rate', digits: [12, 6] }),
    active: fields.boolean({ default: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['unique_name', 'unique(name)', 'The currency code must be unique!'],
    ['rounding_gt_zero', 'CHECK (rounding > 0)', 'The rounding factor must be greater than 0!'],
  ];

  async _compute_decimal_places(): Promise<Record<number, Record<string, unknown>>> {
    const rows = await this.fetch(['rounding']);
    return Object.fromEntries(rows.map((r) => [r.id, { decimal_places: r.rounding > 0 && r.rounding < 1 ? Math.ceil(-Math.log10(r.rounding)) : 0 }]));
  }

  async _compute_rate(): Promise<Record<number, Record<string, unknown>>> {
    const companyId = await this.env.companyId();
    const { rows } = await this.env.cr.query<{ currency_id: number; rate: number }>(
      `SELECT DISTINCT ON (currency_id) currency_id, rate FROM res_currency_rate
        WHERE currency_id = ANY($1::int[]) AND (company_id IS NULL OR company_id = $2) AND name <= CURRENT_DATE
        ORDER BY currency_id, name DESC, company_id NULLS LAST`, [this.ids, companyId]);
    const rates = new Map(rows.map((r) => [r.currency_id, Number(r.rate)]));
    return Object.fromEntries(this.ids.map((id) => [id, { rate: rates.get(id) ?? 1 }]));
  }

  async roundAmount(amount: number): Promise<number> {
    const [row] = await this.sudo().fetch(['rounding']);
    return roundTo(amount, row.rounding);
  }

  /** Rate of this currency against the company currency on a date (1 when none recorded). */
  async _rateOn(companyId: number, date: string): Promise<number> {
    const id = this.ensureOne();
    const { rows } = await this.env.cr.query<{ rate: number }>(
      `SELECT rate FROM res_currency_rate WHERE currency_id = $1 AND (company_id IS NULL OR company_id = $2) AND name <= $3
        ORDER BY name DESC, company_id NULLS LAST LIMIT 1`, [id, companyId, date]);
    return rows.length ? Number(rows[0].rate) : 1;
  }

  /** Converts an amount to another currency at the date's rates, rounded in the target. */
  async _convert(amount: number, to: Model, companyId: number, date: string, round = true): Promise<number> {
    const fromId = this.ensureOne();
    const toId = to.ensureOne();
    if (fromId === toId) return round ? this.roundAmount(amount) : amount;
    const fromRate = await this._rateOn(companyId, date);
    const toRate = await (to as ResCurrency)._rateOn(companyId, date);
    if (!fromRate) throw new UserError('A currency rate of zero cannot be used for conversion.');
    const value = (amount * toRate) / fromRate;
    if (!round) return value;
    const [target] = await to.sudo().fetch(['rounding']);
    return roundTo(value, target.rounding);
  }
}
