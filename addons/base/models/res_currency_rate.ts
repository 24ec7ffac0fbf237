import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** Exchange rates: units of the currency per unit of the company currency, by date. */
export class ResCurrencyRate extends Model {
  static override _name = 'res.currency.rate';
  static override _description = 'Currency Rate';
  static override _order = 'name desc';
  static override _fields = {
    name: fields.date({ string: 'Date', required: true, default: () => new Date().toISOString().slice(0, 10) }),
    rate: fields.float({ string: 'Rate', required: true, default: 1, digits: [12, 6] }),
    currency_id: fields.many2one('res.currency', { string: 'Currency', required: true, ondelete: 'cascade' }),
    company_id: fields.many2one('res.company', { string: 'Company' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['unique_name_per_day', 'unique (name, currency_id, company_id)', 'Only one currency rate per day allowed!'],
    ['currency_rate_check', 'CHECK (rate > 0)', 'The currency rate must be strictly positive.'],
  ];
}
