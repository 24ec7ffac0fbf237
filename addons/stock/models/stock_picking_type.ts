import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import type { Environment } from '../../base/orm/environment';

export const PICKING_TYPE_CODES: Array<[string, string]> = [['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']];

/** A kind of transfer of a warehouse (Receipts, Delivery Orders...): its numbering and default locations. */
export class StockPickingType extends Model {
  static override _name = 'stock.picking.type';
  static override _description = 'Picking Type';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ string: 'Operation Type', required: true }),
    code: fields.selection(PICKING_TYPE_CODES, { string: 'Type of Operation', required: true }),
    sequence: fields.integer({ default: 1 }),
    sequence_id: fields.many2one('ir.sequence', { string: 'Reference Sequence', copy: false }),
    sequence_code: fields.char({ string: 'Sequence Prefix', required: true }),
    default_location_src_id: fields.many2one('stock.location', { string: 'Default Source Location' }),
    default_location_dest_id: fields.many2one('stock.location', { string: 'Default Destination Location' }),
    warehouse_id: fields.many2one('stock.warehouse', { string: 'Warehouse', ondelete: 'cascade', index: true }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env: Environment) => env.companyId() }),
    active: fields.boolean({ default: true }),
  };

  /** "WH: Delivery Orders", as Odoo shows operation types. */
  override async _displayNames(): Promise<Map<number, string>> {
    const rows = await this.sudo().withContext({ active_test: false }).fetch(['name', 'warehouse_id']);
    const warehouses = new Map((await this.env.model('stock.warehouse').sudo().withContext({ active_test: false })
      .browse(rows.filter((r) => r.warehouse_id).map((r) => r.warehouse_id)).fetch(['name'])).map((w) => [w.id, w.name]));
    return new Map(rows.map((r) => [r.id, r.warehouse_id ? `${warehouses.get(r.warehouse_id)}: ${r.name}` : r.name]));
  }

  /** The next transfer reference (WH/OUT/00001) from this type's sequence. */
  /** The next count references of transfers of this type (reserved together; '/' without a sequence). */
  async _nextReferences(count: number): Promise<string[]> {
    const type = await this.sudo().fetchOne(['sequence_id', 'name']);
    if (!type.sequence_id) return Array.from({ length: count }, () => '/');
    return (this.env.model('ir.sequence').sudo().browse([type.sequence_id]) as any)._next_many(count);
  }
}
