import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** Adapts taxes to the customer (foreign customers, tax-exempt resellers...). */
export class AccountFiscalPosition extends Model {
  static override _name = 'account.fiscal.position';
  static override _description = 'Fiscal Position';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ string: 'Fiscal Position', required: true }),
    sequence: fields.integer({ default: 10 }),
    active: fields.boolean({ default: true }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, default: (env: any) => env.companyId(), index: true }),
    tax_ids: fields.one2many('account.fiscal.position.tax', 'position_id', { string: 'Tax Mapping', copy: true }),
    country_id: fields.many2one('res.country', { string: 'Country', help: 'Applied automatically to customers of this country.' }),
    auto_apply: fields.boolean({ string: 'Detect Automatically', default: false }),
    vat_required: fields.boolean({ string: 'VAT required', default: false, help: 'Applied automatically only to customers with a Tax ID.' }),
    note: fields.text({ string: 'Legal Notes' }),
  };
  static override _public = ['map_tax'];

  /**
   * The taxes to use instead of `taxes` (a recordset or ids): mapped ones replaced, unmapped ones
   * kept, taxes mapped to nothing dropped. Without a fiscal position, the taxes themselves.
   */
  async map_tax(taxes: Model | number[]): Promise<Model> {
    const taxModel = this.env.model('account.tax');
    const ids = Array.isArray(taxes) ? taxes : taxes.ids;
    if (!this.ids.length) return taxModel.browse(ids);
    const positionId = this.ensureOne();
    const { rows } = await this.env.cr.query<{ src: number; dest: number | null }>(
      'SELECT tax_src_id AS src, tax_dest_id AS dest FROM account_fiscal_position_tax WHERE position_id = $1 AND tax_src_id = ANY($2::int[])',
      [positionId, ids]);
    const result: number[] = [];
    for (const id of ids) {
      const mappings = rows.filter((row) => row.src === id);
      if (!mappings.length) result.push(id);
      for (const mapping of mappings) if (mapping.dest) result.push(mapping.dest);
    }
    return taxModel.browse(result);
  }

  /** Odoo's _get_fiscal_position: the first auto-applied position matching the partner. */
  async _get_fiscal_position(partnerId: number, companyId?: number): Promise<Model> {
    const company = companyId ?? await this.env.companyId();
    const { rows } = await this.env.cr.query<{ country_id: number | null; vat: string | null }>(
      'SELECT country_id, vat FROM res_partner WHERE id = $1', [partnerId]);
    if (!rows.length) return this.browse([]);
    const { rows: positions } = await this.env.cr.query<{ id: number }>(
      `SELECT id FROM account_fiscal_position
        WHERE active AND auto_apply AND company_id = $1
          AND (country_id IS NULL OR country_id = $2) AND (NOT vat_required OR $3)
        ORDER BY country_id IS NULL, sequence, id LIMIT 1`, [company, rows[0].country_id, Boolean(rows[0].vat)]);
    return this.browse(positions.map((p) => p.id));
  }
}
