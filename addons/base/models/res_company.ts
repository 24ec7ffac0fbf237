import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import type { Vals } from '../orm/values';

/** Companies, possibly branches of a parent company; each has its partner and currency. */
export class ResCompany extends Model {
  static override _name = 'res.company';
  static override _description = 'Companies';
  static override _order = 'sequence, name';
  static override _fields = {
    name: fields.char({ string: 'Company Name', required: true }),
    sequence: fields.integer({ default: 10 }),
    partner_id: fields.many2one('res.partner', { string: 'Partner', ondelete: 'restrict' }),
    parent_id: fields.many2one('res.company', { string: 'Parent Company', index: true }),
    child_ids: fields.one2many('res.company', 'parent_id', { string: 'Branches' }),
    currency_id: fields.many2one('res.currency', { string: 'Currency', required: true, default: (env: any) => env.refId('base.USD') }),
    country_id: fields.many2one('res.country', { string: 'Country' }),
    email: fields.char(),
    phone: fields.char(),
    vat: fields.char({ string: 'Tax ID' }),
    street: fields.char(),
    city: fields.char(),
    zip: fields.char(),
    active: fields.boolean({ default: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [['name_uniq', 'unique(name)', 'The company name must be unique!']];

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) {
      if (vals.partner_id) {
        prepared.push(vals);
        continue;
      }
      const partner = await this.env.model('res.partner').sudo().create({
        name: vals.name, is_company: true, email: vals.email ?? false, phone: vals.phone ?? false,
        country_id: vals.country_id ?? false, street: vals.street ?? false, city: vals.city ?? false, zip: vals.zip ?? false, vat: vals.vat ?? false,
      });
      prepared.push({ ...vals, partner_id: partner.ids[0] });
    }
    const companies = await super.create(prepared);
    // The creator works in the new company at once, as in Odoo.
    if (this.env.uid) {
      for (const id of companies.ids) {
        await this.env.cr.query('INSERT INTO res_company_users_rel (cid, user_id) SELECT $1, id FROM res_users WHERE id = $2 ON CONFLICT DO NOTHING', [id, this.env.uid]);
      }
      this.env.cache.companies.clear();
    }
    return companies;
  }
}
