import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** ISO 3166-2 subdivisions: states, provinces, regions. */
export class ResCountryState extends Model {
  static override _name = 'res.country.state';
  static override _description = 'Country state';
  static override _order = 'code';
  static override _fields = {
    country_id: fields.many2one('res.country', { string: 'Country', required: true, index: true }),
    name: fields.char({ string: 'State Name', required: true }),
    code: fields.char({ string: 'State Code', required: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['name_code_uniq', 'unique(country_id, code)', 'The code of the state must be unique by country!'],
  ];

  override async _displayNames(): Promise<Map<number, string>> {
    const { rows } = await this.env.cr.query<{ id: number; name: string; code: string }>(
      `SELECT s.id, s.name, c.code FROM res_country_state s JOIN res_country c ON c.id = s.country_id WHERE s.id = ANY($1::int[])`, [this.ids]);
    return new Map(rows.map((r) => [r.id, `${r.name} (${r.code})`]));
  }
}
