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
    return (await this._next_many_by_code(code, 1))[0];
  }

  async next_by_id(): Promise<string> {
    return (await this._next_many(1))[0];
  }

  /** count next references of the sequence with this code (the company's, else the shared one), in one statement. */
  async _next_many_by_code(code: string, count: number): Promise<string[]> {
    const companyId = await this.env.companyId();
    const { rows } = await this.env.cr.query<{ id: number }>(
      `SELECT id FROM ir_sequence WHERE code = $1 AND active IS TRUE AND (company_id = $2 OR company_id IS NULL)
        ORDER BY company_id NULLS LAST LIMIT 1`, [code, companyId]);
    if (!rows.length) throw new UserError(`No sequence is defined for the code "${code}".`);
    return this.browse([rows[0].id])._next_many(count);
  }

  /** The next count references of this sequence, reserved by one UPDATE (documents created together). */
  async _next_many(count: number): Promise<string[]> {
    const id = this.ensureOne();
    if (count <= 0) return [];
    const { rows } = await this.env.cr.query<{ n: number; step: number; prefix: string | null; suffix: string | null; padding: number }>(
      `UPDATE ir_sequence SET number_next = number_next + number_increment * $2 WHERE id = $1
       RETURNING number_next - number_increment * $2 AS n, number_increment AS step, prefix, suffix, padding`, [id, count]);
    const row = rows[0];
    const now = new Date();
    const interpolate = (text: string | null) => (text ?? '')
      .replace(/%\(year\)s/g, String(now.getUTCFullYear()))
      .replace(/%\(y\)s/g, String(now.getUTCFullYear()).slice(2))
      .replace(/%\(month\)s/g, String(now.getUTCMonth() + 1).padStart(2, '0'))
      .replace(/%\(day\)s/g, String(now.getUTCDate()).padStart(2, '0'));
    return Array.from({ length: count }, (_, i) => `${interpolate(row.prefix)}${String(Number(row.n) + i * Number(row.step)).padStart(row.padding, '0')}${interpolate(row.suffix)}`);
  }
}
