import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** ISO 3166 countries (seeded from the country-state-city package). */
export class ResCountry extends Model {
  static override _name = 'res.country';
  static override _description = 'Country';
  static override _order = 'name';
  static override _fields = {
    name: fields.char({ string: 'Country Name', required: true }),
    code: fields.char({ string: 'Country Code', size: 2, required: true }),
    currency_id: fields.many2one('res.currency', { string: 'Currency' }),
    phone_code: fields.integer({ string: 'Country Calling Code' }),
    state_ids: fields.one2many('res.country.state', 'country_id', { string: 'States' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['code_uniq', 'unique (code)', 'The code of the country must be unique!'],
  ];
}
