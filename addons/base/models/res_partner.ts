import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import { ValidationError } from '../orm/exceptions';

/** Contacts: companies, people and their delivery / invoice addresses. */
export class ResPartner extends Model {
  static override _name = 'res.partner';
  static override _description = 'Contact';
  static override _order = 'name, id';
  static override _fields = {
    name: fields.char({ index: true }),
    type: fields.selection([['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address']], { string: 'Address Type', default: 'contact' }),
    parent_id: fields.many2one('res.partner', { string: 'Related Company', index: true }),
    child_ids: fields.one2many('res.partner', 'parent_id', { string: 'Contact' }),
    commercial_partner_id: fields.many2one('res.partner', { string: 'Commercial Entity', compute: '_compute_commercial_partner', depends: ['is_company', 'parent_id.commercial_partner_id'], store: true, index: true }),
    is_company: fields.boolean({ string: 'Is a Company', default: false }),
    street: fields.char(),
    street2: fields.char(),
    zip: fields.char(),
    city: fields.char(),
    state_id: fields.many2one('res.country.state', { string: 'State', ondelete: 'restrict' }),
    country_id: fields.many2one('res.country', { string: 'Country', ondelete: 'restrict' }),
    phone: fields.char(),
    mobile: fields.char(),
    email: fields.char(),
    website: fields.char(),
    vat: fields.char({ string: 'Tax ID', index: true }),
    ref: fields.char({ string: 'Reference', index: true }),
    lang: fields.char({ string: 'Language', default: 'en_US' }),
    comment: fields.text({ string: 'Notes' }),
    company_id: fields.many2one('res.company', { string: 'Company', index: true }),
    user_id: fields.many2one('res.users', { string: 'Salesperson' }),
    customer_rank: fields.integer({ default: 0 }),
    supplier_rank: fields.integer({ default: 0 }),
    active: fields.boolean({ default: true }),
  };
  static override _constrains = { _check_parent: ['parent_id'], _check_name: ['name', 'type'] };

  async _compute_commercial_partner(): Promise<Record<number, Record<string, unknown>>> {
    const { rows } = await this.env.cr.query<{ id: number; cid: number }>(
      `WITH RECURSIVE up(start, id, parent_id, is_company, depth) AS (
         SELECT id, id, parent_id, is_company, 0 FROM res_partner WHERE id = ANY($1::int[])
         UNION ALL SELECT up.start, p.id, p.parent_id, p.is_company, up.depth + 1 FROM res_partner p
           JOIN up ON p.id = up.parent_id WHERE NOT up.is_company AND up.depth < 32)
       SELECT DISTINCT ON (start) start AS id, id AS cid FROM up
        WHERE is_company OR parent_id IS NULL ORDER BY start, depth`, [this.ids]);
    return Object.fromEntries(rows.map((row) => [row.id, { commercial_partner_id: row.cid }]));
  }

  async _check_parent(): Promise<void> {
    // parent_id is a plain column: no flush (which would write the commercial partners of every
    // partner created so far, again after the next create).
    const { rows } = await this.env.cr.query<{ id: number }>(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM res_partner WHERE id = ANY($1::int[])
         UNION ALL SELECT p.id, p.parent_id, up.depth + 1 FROM res_partner p JOIN up ON p.id = up.parent_id WHERE up.depth < 64)
       SELECT id FROM up WHERE depth > 0 AND id = ANY($1::int[]) LIMIT 1`, [this.ids], { flush: false });
    if (rows.length) throw new ValidationError('You cannot create recursive contact hierarchies.');
  }

  async _check_name(): Promise<void> {
    for (const partner of await this.fetch(['name', 'type', 'parent_id'])) {
      if (!partner.name && (partner.type === 'contact' || !partner.parent_id)) {
        throw new ValidationError('A contact needs a name; only addresses attached to a contact may be left unnamed.');
      }
    }
  }

  /** "Company, Contact" for people and addresses of a company, as Odoo shows them. */
  override async _displayNames(): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    if (!this.ids.length) return names;
    const { rows } = await this.env.cr.query<{ id: number; name: string | null; type: string; parent: string | null; is_company: boolean }>(
      `SELECT p.id, p.name, p.type, p.is_company, parent.name AS parent FROM res_partner p
         LEFT JOIN res_partner parent ON parent.id = p.parent_id WHERE p.id = ANY($1::int[])`, [this.ids]);
    const typeLabels: Record<string, string> = { invoice: 'Invoice Address', delivery: 'Delivery Address', other: 'Other Address' };
    for (const row of rows) {
      const own = row.name || typeLabels[row.type] || '';
      names.set(row.id, row.parent && !row.is_company ? `${row.parent}, ${own}` : own);
    }
    return names;
  }

  /** The address of the given type among the partner and its children (Odoo's address_get). */
  async address_get(types: string[] = ['contact']): Promise<Record<string, number>> {
    const id = this.ensureOne();
    const children = await this.sudo().search([['parent_id', '=', id]], { order: 'id' });
    const rows = await children.fetch(['type']);
    const result: Record<string, number> = {};
    for (const type of types) result[type] = rows.find((r) => r.type === type)?.id ?? id;
    return result;
  }
}
