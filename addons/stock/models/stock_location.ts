import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';

export const LOCATION_USAGES: Array<[string, string]> = [
  ['supplier', 'Vendor Location'], ['view', 'View'], ['internal', 'Internal Location'], ['customer', 'Customer Location'],
  ['inventory', 'Inventory Loss'], ['production', 'Production'], ['transit', 'Transit Location'],
];

/** Usages whose content is counted in quants (the stock a company holds). */
export const QUANT_USAGES = ['internal', 'transit'];

/**
 * A place goods are in: physical (WH/Stock) or virtual (Partners/Customers, inventory loss).
 * Locations form a tree; "WH/Stock" is the complete name of Stock under the WH view.
 */
export class StockLocation extends Model {
  static override _name = 'stock.location';
  static override _description = 'Inventory Locations';
  static override _order = 'complete_name, id';
  static override _rec_name = 'complete_name';
  static override _parent_name = 'location_id';
  static override _fields = {
    name: fields.char({ string: 'Location Name', required: true }),
    complete_name: fields.char({ string: 'Full Location Name', compute: '_compute_complete_name', depends: ['name', 'usage', 'location_id.complete_name'], store: true, index: true }),
    active: fields.boolean({ default: true }),
    usage: fields.selection(LOCATION_USAGES, { string: 'Location Type', default: 'internal', required: true, index: true }),
    location_id: fields.many2one('stock.location', { string: 'Parent Location', index: true, ondelete: 'cascade' }),
    child_ids: fields.one2many('stock.location', 'location_id', { string: 'Contains' }),
    company_id: fields.many2one('res.company', { string: 'Company', index: true, default: (env: Environment) => env.companyId(), help: 'Empty: shared between companies (Partners, Virtual Locations).' }),
    barcode: fields.char({ copy: false }),
    comment: fields.text({ string: 'Additional Information' }),
    warehouse_id: fields.many2one('stock.warehouse', { string: 'Warehouse', compute: '_compute_warehouse_id' }),
  };
  static override _constrains = { _check_location_recursion: ['location_id'] };

  /** Odoo's naming: a view location shows its own name; others are "Parent/Name". */
  async _compute_complete_name(): Promise<Record<number, Record<string, unknown>>> {
    const rows = await this.sudo().withContext({ active_test: false }).fetch(['name', 'usage', 'location_id']);
    const parentIds = rows.filter((r) => r.location_id).map((r) => r.location_id);
    const parents = new Map((await this.sudo().withContext({ active_test: false }).browse(parentIds).fetch(['complete_name'])).map((p) => [p.id, p.complete_name]));
    return Object.fromEntries(rows.map((r) => [r.id, {
      complete_name: r.location_id && r.usage !== 'view' ? `${parents.get(r.location_id) || ''}/${r.name}` : r.name,
    }]));
  }

  /** The warehouse whose view location contains this location, if any. */
  async _compute_warehouse_id(): Promise<Record<number, Record<string, unknown>>> {
    const result: Record<number, Record<string, unknown>> = {};
    for (const id of this.ids) {
      const { rows } = await this.env.cr.query<{ id: number }>(
        `WITH RECURSIVE up(id, depth) AS (SELECT $1::int, 0 UNION ALL SELECT l.location_id, up.depth + 1 FROM stock_location l JOIN up ON l.id = up.id WHERE l.location_id IS NOT NULL AND up.depth < 50)
         SELECT w.id FROM stock_warehouse w JOIN up ON w.view_location_id = up.id ORDER BY up.depth LIMIT 1`, [id]);
      result[id] = { warehouse_id: rows[0]?.id ?? false };
    }
    return result;
  }

  async _check_location_recursion(): Promise<void> {
    for (const id of this.ids) {
      const { rows } = await this.env.cr.query(
        `WITH RECURSIVE up(id, depth) AS (SELECT location_id, 1 FROM stock_location WHERE id = $1
           UNION ALL SELECT l.location_id, up.depth + 1 FROM stock_location l JOIN up ON l.id = up.id WHERE up.depth < 100)
         SELECT 1 FROM up WHERE id = $1 LIMIT 1`, [id]);
      if (rows.length) throw new ValidationError('A location cannot be placed inside itself or one of its own sublocations: choose another parent location.');
    }
  }

  /** Ids of these locations and everything under them. */
  async _childIds(): Promise<number[]> {
    if (!this.ids.length) return [];
    const { rows } = await this.env.cr.query<{ id: number }>(
      `WITH RECURSIVE h(id) AS (SELECT id FROM stock_location WHERE id = ANY($1::int[]) UNION SELECT l.id FROM stock_location l JOIN h ON l.location_id = h.id)
       SELECT id FROM h`, [this.ids]);
    return rows.map((r) => r.id);
  }
}

/** Location usage by id, in one query. */
export async function locationUsages(env: Environment, ids: number[]): Promise<Map<number, string>> {
  // A plain column: no queued recompute can change it, so no flush.
  const { rows } = await env.cr.query<{ id: number; usage: string }>('SELECT id, usage FROM stock_location WHERE id = ANY($1::int[])', [ids], { flush: false });
  return new Map(rows.map((r) => [r.id, r.usage]));
}
