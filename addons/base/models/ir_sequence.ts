import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import { UserError } from '../orm/exceptions';

/**
 * Numbering of documents (S00042, WH/OUT/00007). The row lock taken by UPDATE ... RETURNING
 * serialises concurrent callers, so two transactions never get the same number.
 */
export class IrSequence extends Model {
  static override _name = 'ir.sequence';
  static override _description = 'Sequence';
  static override _order = 'name';
  static override _fields = {
    name: fields.char({ required: true }),
    code: fields.char({ string: 'Sequence Code', index: true }),
    prefix: fields.char({ help: 'Placeholders: %(year)s, %(month)s, %(day)s, %(y)s.' }),
    suffix: fields.char(),
    padding: fields.integer({ string: 'Sequence Size', default: 5 }),
    number_next: fields.integer({ string: 'Next Number', default: 1 }),
    number_increment: fields.integer({ string: 'Step', default: 1 }),
    company_id: fields.many2one('res.company', { string: 'Company' }),
    active: fields.boolean({ default: true }),
  };
  static override _public = ['next_by_code'];

  async next_by_code(code: string): Promise<string> {
    const companyId = await this.env.companyId();
    const { rows } = await this.env.cr.query<{ id: number }>(
      `SELECT id FROM ir_sequence WHERE code = $1 AND active IS TRUE AND (company_id = $2 OR company_id IS NULL)
        ORDER BY company_id NULLS LAST LIMIT 1`, [code, companyId]);
    if (!rows.length) throw new UserError(`No sequence is defined for the code "${code}".`);
    return this.browse([rows[0].id]).next_by_id();
  }

  async next_by_id(): Promise<string> {
    const id = this.ensureOne();
    const { rows } = await this.env.cr.query<{ n: number; prefix: string | null; suffix: string | null; padding: number }>(
      `UPDATE ir_sequence SET number_next = number_next + number_increment WHERE id = $1
       RETURNING number_next - number_increment AS n, prefix, suffix, padding`, [id]);
    const row = rows[0];
    const now = new Date();
    const interpolate = (text: string | null) => (text ?? '')
      .replace(/%\(year\)s/g, String(now.getUTCFullYear()))
      .replace(/%\(y\)s/g, String(now.getUTCFullYear()).slice(2))
      .replace(/%\(month\)s/g, String(now.getUTCMonth() + 1).padStart(2, '0'))
      .replace(/%\(day\)s/g, String(now.getUTCDate()).padStart(2, '0'));
    return `${interpolate(row.prefix)}${String(row.n).padStart(row.padding, '0')}${interpolate(row.suffix)}`;
  }
}
