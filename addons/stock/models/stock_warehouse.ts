import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';

/** What a new warehouse's three operation types look like (Odoo's Receipts / Delivery Orders / Internal Transfers). */
const OPERATION_TYPES = [
  { field: 'in_type_id', name: 'Receipts', code: 'incoming', sequence_code: 'IN', sequence: 1, src: 'supplier', dest: 'stock' },
  { field: 'out_type_id', name: 'Delivery Orders', code: 'outgoing', sequence_code: 'OUT', sequence: 2, src: 'stock', dest: 'customer' },
  { field: 'int_type_id', name: 'Internal Transfers', code: 'internal', sequence_code: 'INT', sequence: 3, src: 'stock', dest: 'stock' },
] as const;

/** A warehouse: its view location (WH), stock location (WH/Stock) and operation types. */
export class StockWarehouse extends Model {
  static override _name = 'stock.warehouse';
  static override _description = 'Warehouse';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ string: 'Warehouse', required: true, index: true }),
    code: fields.char({ string: 'Short Name', required: true, size: 5, help: 'Prefix of locations and transfer references (WH/Stock, WH/OUT/00001).' }),
    active: fields.boolean({ default: true }),
    sequence: fields.integer({ default: 10 }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env: Environment) => env.companyId() }),
    partner_id: fields.many2one('res.partner', { string: 'Address' }),
    view_location_id: fields.many2one('stock.location', { string: 'View Location', ondelete: 'restrict' }),
    lot_stock_id: fields.many2one('stock.location', { string: 'Location Stock', ondelete: 'restrict' }),
    in_type_id: fields.many2one('stock.picking.type', { string: 'In Type' }),
    out_type_id: fields.many2one('stock.picking.type', { string: 'Out Type' }),
    int_type_id: fields.many2one('stock.picking.type', { string: 'Internal Type' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['warehouse_name_uniq', 'unique(name, company_id)', 'A company already has a warehouse with this name: choose another name.'],
    ['warehouse_code_uniq', 'unique(code, company_id)', 'A company already has a warehouse with this short name: choose another short name.'],
  ];

  /** Creating a warehouse creates its locations, sequences and operation types, as in Odoo. */
  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const created: number[] = [];
    for (const vals of list) {
      const companyId = vals.company_id || (await this.env.companyId());
      const code = typeof vals.code === 'string' ? vals.code.trim() : '';
      if (!code) throw new UserError('A warehouse needs a short name (up to 5 characters, e.g. WH): it prefixes its locations and transfer references.');
      const locations = await this._createLocations(code, companyId);
      const warehouse = await super.create({ ...vals, code, company_id: companyId, ...locations });
      await warehouse._createOperationTypes();
      created.push(...warehouse.ids);
    }
    return this.browse(created);
  }

  private async _createLocations(code: string, companyId: number): Promise<Vals> {
    const locations = this.env.model('stock.location').sudo();
    const parent = await this.env.refId('stock.stock_location_locations');
    const view = await locations.create({ name: code, usage: 'view', location_id: parent || false, company_id: companyId });
    const stock = await locations.create({ name: 'Stock', usage: 'internal', location_id: view.ids[0], company_id: companyId });
    return { view_location_id: view.ids[0], lot_stock_id: stock.ids[0] };
  }

  private async _createOperationTypes(): Promise<void> {
    const warehouse = await this.sudo().fetchOne(['name', 'code', 'company_id', 'lot_stock_id']);
    const customers = await this.env.refId('stock.stock_location_customers');
    const suppliers = await this.env.refId('stock.stock_location_suppliers');
    const place = (kind: string) => (kind === 'stock' ? warehouse.lot_stock_id : kind === 'customer' ? customers : suppliers) || false;
    const typeIds: Vals = {};
    for (const spec of OPERATION_TYPES) {
      const sequence = await this.env.model('ir.sequence').sudo().create({
        name: `${warehouse.name} Sequence ${spec.sequence_code.toLowerCase()}`, prefix: `${warehouse.code}/${spec.sequence_code}/`, padding: 5, company_id: warehouse.company_id,
      });
      const type = await this.env.model('stock.picking.type').sudo().create({
        name: spec.name, code: spec.code, sequence_code: spec.sequence_code, sequence: spec.sequence, sequence_id: sequence.ids[0],
        default_location_src_id: place(spec.src), default_location_dest_id: place(spec.dest), warehouse_id: warehouse.id, company_id: warehouse.company_id,
      });
      typeIds[spec.field] = type.ids[0];
    }
    await this.sudo().write(typeIds);
  }

  /** The company's first warehouse; sales orders and reordering rules default to it. */
  async _defaultWarehouseId(companyId?: number): Promise<number | false> {
    const company = companyId ?? (await this.env.companyId());
    const { rows } = await this.env.cr.query<{ id: number }>(
      'SELECT id FROM stock_warehouse WHERE company_id = $1 AND active IS TRUE ORDER BY sequence, id LIMIT 1', [company]);
    return rows[0]?.id ?? false;
  }
}
