import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import { productQuantities } from './stock_quantities';

/**
 * A reordering rule: when the forecast of a product in a location drops below the minimum,
 * replenishment brings it back up to the maximum, with a receipt into the warehouse stock or
 * an internal transfer from it into another location.
 */
export class StockWarehouseOrderpoint extends Model {
  static override _name = 'stock.warehouse.orderpoint';
  static override _description = 'Minimum Inventory Rule';
  static override _order = 'location_id, product_id, id';
  static override _fields = {
    name: fields.char({ string: 'Name', required: true, copy: false, default: 'OP' }),
    trigger: fields.selection([['auto', 'Auto'], ['manual', 'Manual']], { string: 'Trigger', default: 'auto', required: true, help: 'Auto: the scheduler replenishes; Manual: only the Order button does.' }),
    active: fields.boolean({ default: true }),
    warehouse_id: fields.many2one('stock.warehouse', { string: 'Warehouse', required: true, ondelete: 'cascade', index: true, default: (env: Environment) => (env.model('stock.warehouse') as any)._defaultWarehouseId() }),
    location_id: fields.many2one('stock.location', { string: 'Location', required: true, ondelete: 'cascade', index: true }),
    product_id: fields.many2one('product.product', { string: 'Product', required: true, ondelete: 'cascade', index: true }),
    product_uom: fields.many2one('uom.uom', { string: 'Unit', related: 'product_id.uom_id' }),
    product_min_qty: fields.float({ string: 'Min Quantity', required: true, default: 0 }),
    product_max_qty: fields.float({ string: 'Max Quantity', required: true, default: 0 }),
    qty_multiple: fields.float({ string: 'Multiple Quantity', required: true, default: 1, help: 'Replenish by multiples of this quantity (0: any quantity).' }),
    qty_forecast: fields.float({ string: 'Forecast', compute: '_compute_qty', help: 'On hand in the location plus incoming minus outgoing open moves.' }),
    qty_to_order: fields.float({ string: 'To Order', compute: '_compute_qty' }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env: Environment) => env.companyId() }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['product_location_check', 'unique (product_id, location_id, company_id)', 'A product already has a reordering rule for this location: edit that rule instead.'],
  ];
  static override _constrains = { _check_quantities: ['product_min_qty', 'product_max_qty', 'qty_multiple'] };
  static override _public = ['action_replenish'];

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) {
      const completed = { ...(vals ?? {}) };
      const warehouseId = completed.warehouse_id || (await (this.env.model('stock.warehouse') as any)._defaultWarehouseId());
      if (!completed.location_id && warehouseId) completed.location_id = (await this.env.model('stock.warehouse').sudo().browse([warehouseId]).fetchOne(['lot_stock_id'])).lot_stock_id;
      if (!completed.name || completed.name === 'OP') {
        completed.name = await this._nextName();
      }
      prepared.push(completed);
    }
    return super.create(prepared);
  }

  private async _nextName(): Promise<string> {
    const sequence = this.env.model('ir.sequence').sudo() as any;
    const found = await sequence.search([['code', '=', 'stock.orderpoint']]);
    return found.length ? sequence.next_by_code('stock.orderpoint') : 'OP';
  }

  async _check_quantities(): Promise<void> {
    for (const row of await this.sudo().fetch(['name', 'product_min_qty', 'product_max_qty', 'qty_multiple'])) {
      if (row.product_min_qty < 0 || row.product_max_qty < 0 || row.qty_multiple < 0) {
        throw new ValidationError(`The reordering rule ${row.name} has a negative quantity: minimum, maximum and multiple must be 0 or more.`);
      }
      if (row.product_max_qty < row.product_min_qty) {
        throw new ValidationError(`The reordering rule ${row.name} has a maximum (${row.product_max_qty}) below its minimum (${row.product_min_qty}): raise the maximum or lower the minimum.`);
      }
    }
  }

  async _compute_qty(): Promise<Record<number, Vals>> {
    const rows = await this.sudo().withContext({ active_test: false }).fetch(['product_id', 'location_id', 'product_min_qty', 'product_max_qty', 'qty_multiple']);
    const result: Record<number, Vals> = {};
    for (const row of rows) {
      const forecast = (await productQuantities(this.env, [row.product_id], [row.location_id])).get(row.product_id)!.virtual_available;
      result[row.id] = { qty_forecast: forecast, qty_to_order: quantityToOrder(forecast, row.product_min_qty, row.product_max_qty, row.qty_multiple) };
    }
    return result;
  }

  /** Order now: a confirmed receipt or internal transfer per rule that is below its minimum. */
  async action_replenish(): Promise<boolean> {
    await this.checkAccess('write');
    const computed = await this._compute_qty();
    for (const rule of await this.sudo().fetch(['name', 'warehouse_id', 'location_id', 'product_id', 'company_id'])) {
      const qty = computed[rule.id]?.qty_to_order ?? 0;
      if (qty > 0) await this._replenish(rule, qty);
    }
    return true;
  }

  private async _replenish(rule: Vals, qty: number): Promise<void> {
    const warehouse = await this.env.model('stock.warehouse').sudo().browse([rule.warehouse_id]).fetchOne(['lot_stock_id', 'in_type_id', 'int_type_id', 'name']);
    const intoStock = rule.location_id === warehouse.lot_stock_id;
    const typeId = intoStock ? warehouse.in_type_id : warehouse.int_type_id;
    if (!typeId) throw new UserError(`The warehouse ${warehouse.name} has no ${intoStock ? 'receipt' : 'internal transfer'} operation type to replenish with.`);
    const pickings = this.env.model('stock.picking').sudo() as any;
    const picking = await pickings.create({
      picking_type_id: typeId, origin: rule.name, company_id: rule.company_id, location_dest_id: rule.location_id,
      ...(intoStock ? {} : { location_id: warehouse.lot_stock_id }),
      move_ids: [[0, 0, { product_id: rule.product_id, product_uom_qty: qty, company_id: rule.company_id, origin: rule.name }]],
    });
    await picking.action_confirm();
    await picking.action_assign();
  }

  /** The scheduler (ir.cron "Inventory: Run Scheduler"): replenishes every automatic rule. */
  async _run_scheduler(): Promise<boolean> {
    const rules = await this.sudo().search([['trigger', '=', 'auto']]);
    if (rules.length) await rules.action_replenish();
    return true;
  }
}

/** Up to the maximum, in multiples, only when the forecast is below the minimum. */
export function quantityToOrder(forecast: number, min: number, max: number, multiple: number): number {
  if (forecast >= min) return 0;
  let qty = max - forecast;
  if (multiple > 0) qty = Math.ceil(Number((qty / multiple).toFixed(9))) * multiple;
  return Math.round(qty * 1e6) / 1e6;
}
