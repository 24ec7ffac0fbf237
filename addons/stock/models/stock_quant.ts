import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import { QUANT_USAGES, locationUsages } from './stock_location';

/**
 * How much of a product is in an internal location, and how much of it is reserved. Only moves
 * change `quantity`; users count with `inventory_quantity` and apply the count.
 */
export class StockQuant extends Model {
  static override _name = 'stock.quant';
  static override _description = 'Quants';
  static override _order = 'location_id, product_id, id';
  static override _rec_name = 'product_id';
  static override _fields = {
    product_id: fields.many2one('product.product', { string: 'Product', required: true, index: true, ondelete: 'restrict' }),
    location_id: fields.many2one('stock.location', { string: 'Location', required: true, index: true, ondelete: 'restrict' }),
    company_id: fields.many2one('res.company', { string: 'Company', related: 'location_id.company_id' }),
    product_uom_id: fields.many2one('uom.uom', { string: 'Unit', related: 'product_id.uom_id' }),
    quantity: fields.float({ string: 'Quantity', readonly: true, default: 0, help: 'Quantity on hand, changed by done moves only.' }),
    reserved_quantity: fields.float({ string: 'Reserved Quantity', readonly: true, default: 0 }),
    available_quantity: fields.float({ string: 'Available Quantity', compute: '_compute_available_quantity' }),
    inventory_quantity: fields.float({ string: 'Counted Quantity', default: 0 }),
    inventory_quantity_set: fields.boolean({ string: 'Inventory Quantity Set', default: false }),
    inventory_diff_quantity: fields.float({ string: 'Difference', compute: '_compute_available_quantity' }),
    inventory_date: fields.date({ string: 'Scheduled Date' }),
    user_id: fields.many2one('res.users', { string: 'Assigned To' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['product_location_uniq', 'unique(product_id, location_id)', 'A product has one quant per location: count it on the existing line.'],
  ];
  static override _constrains = { _check_inventory_quantity: ['inventory_quantity'] };
  static override _public = ['action_apply_inventory', 'action_set_inventory_quantity_to_zero'];

  async _compute_available_quantity(): Promise<Record<number, Vals>> {
    const rows = await this.sudo().fetch(['quantity', 'reserved_quantity', 'inventory_quantity', 'inventory_quantity_set']);
    return Object.fromEntries(rows.map((r) => [r.id, {
      available_quantity: r.quantity - r.reserved_quantity,
      inventory_diff_quantity: r.inventory_quantity_set ? r.inventory_quantity - r.quantity : 0,
    }]));
  }

  /** Counting a product in a location where it already has a quant updates that quant (Odoo's inventory mode). */
  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const ids: number[] = [];
    for (const vals of list) {
      refuseDirectQuantities(this.env, vals);
      const counted = { ...vals, ...('inventory_quantity' in vals ? { inventory_quantity_set: true } : {}) };
      await this._checkCountedLocation(vals.location_id);
      const { rows } = await this.env.cr.query<{ id: number }>('SELECT id FROM stock_quant WHERE product_id = $1 AND location_id = $2', [vals.product_id, vals.location_id]);
      if (rows.length) {
        await this.browse([rows[0].id]).write(counted);
        ids.push(rows[0].id);
      } else ids.push(...(await super.create(counted)).ids);
    }
    return this.browse(ids);
  }

  override async write(vals: Vals): Promise<true> {
    refuseDirectQuantities(this.env, vals);
    const counted = 'inventory_quantity' in vals && !('inventory_quantity_set' in vals) ? { ...vals, inventory_quantity_set: true } : vals;
    return super.write(counted);
  }

  private async _checkCountedLocation(locationId: unknown): Promise<void> {
    if (typeof locationId !== 'number') return; // the required-field check says what is missing
    const usage = (await locationUsages(this.env, [locationId])).get(locationId);
    if (usage && !QUANT_USAGES.includes(usage)) throw new UserError('Stock is only counted in internal locations: pick a warehouse location such as WH/Stock.');
  }

  async _check_inventory_quantity(): Promise<void> {
    for (const row of await this.sudo().fetch(['inventory_quantity'])) {
      if (row.inventory_quantity < 0) throw new ValidationError(`A counted quantity cannot be negative (got ${row.inventory_quantity}): enter what is on the shelf, 0 or more.`);
    }
  }

  /**
   * Applies the counted quantities: for each difference a done move from (or to) the
   * inventory loss location, then the count is cleared, as Odoo's "Apply".
   */
  async action_apply_inventory(): Promise<boolean> {
    const quants = await this.fetch(['product_id', 'location_id', 'quantity', 'inventory_quantity', 'inventory_quantity_set']);
    const toApply = quants.filter((q) => q.inventory_quantity_set);
    if (!toApply.length) throw new UserError('Nothing to apply: set a counted quantity on the lines you counted first.');
    const lossId = await this.env.refId('stock.location_inventory');
    if (!lossId) throw new UserError('The inventory adjustment location (Virtual Locations/Inventory adjustment) is missing: reinstall the stock addon.');
    const moves = this.env.model('stock.move').sudo();
    for (const quant of toApply) {
      const diff = quant.inventory_quantity - quant.quantity;
      if (diff !== 0) {
        const [product] = await this.env.model('product.product').sudo().browse([quant.product_id]).fetch(['uom_id', 'display_name']);
        const move = await moves.create({
          name: 'Product Quantity Updated', product_id: quant.product_id, product_uom: product.uom_id, product_uom_qty: Math.abs(diff),
          quantity: Math.abs(diff), is_inventory: true,
          location_id: diff > 0 ? lossId : quant.location_id, location_dest_id: diff > 0 ? quant.location_id : lossId,
        });
        await (move as any)._action_done();
      }
      await this.sudo().browse([quant.id]).write({ inventory_quantity: 0, inventory_quantity_set: false });
    }
    return true;
  }

  async action_set_inventory_quantity_to_zero(): Promise<boolean> {
    await this.write({ inventory_quantity: 0, inventory_quantity_set: false });
    return true;
  }
}

function refuseDirectQuantities(env: Environment, vals: Vals): void {
  if (env.su) return;
  if (vals && ('quantity' in vals || 'reserved_quantity' in vals)) {
    throw new UserError('Quantities on hand change only through stock moves: set the counted quantity (inventory_quantity) and apply the inventory instead.');
  }
}

/** Adds qty (may be negative) to the quant of a product in a location; non-internal locations hold no quants. */
export async function updateAvailableQuantity(env: Environment, productId: number, locationId: number, qty: number): Promise<void> {
  await upsertQuant(env, productId, locationId, 'quantity', qty);
}

/** Adds qty (may be negative) to what is reserved in that quant. */
export async function updateReservedQuantity(env: Environment, productId: number, locationId: number, qty: number): Promise<void> {
  await upsertQuant(env, productId, locationId, 'reserved_quantity', qty);
}

async function upsertQuant(env: Environment, productId: number, locationId: number, column: 'quantity' | 'reserved_quantity', qty: number): Promise<void> {
  if (!qty) return;
  const usage = (await locationUsages(env, [locationId])).get(locationId);
  if (!usage || !QUANT_USAGES.includes(usage)) return;
  const [quantity, reserved] = column === 'quantity' ? [qty, 0] : [0, qty];
  await env.cr.query(
    `INSERT INTO stock_quant (product_id, location_id, quantity, reserved_quantity, inventory_quantity, inventory_quantity_set, create_uid, write_uid, create_date, write_date)
     VALUES ($1, $2, $3, $4, 0, false, $5, $5, now() at time zone 'utc', now() at time zone 'utc')
     ON CONFLICT (product_id, location_id) DO UPDATE SET
       quantity = round((stock_quant.quantity + EXCLUDED.quantity)::numeric, 6)::double precision,
       reserved_quantity = round((stock_quant.reserved_quantity + EXCLUDED.reserved_quantity)::numeric, 6)::double precision,
       write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date`, [productId, locationId, quantity, reserved, env.uid]);
}

/** Quants of a product under a location (its children included) with free quantity, oldest first, locked. */
export async function availableQuants(env: Environment, productId: number, locationIds: number[], excludeLocationId: number | null): Promise<Array<{ id: number; location_id: number; free: number }>> {
  const { rows } = await env.cr.query<{ id: number; location_id: number; free: number }>(
    `SELECT id, location_id, quantity - reserved_quantity AS free FROM stock_quant
      WHERE product_id = $1 AND location_id = ANY($2::int[]) AND location_id IS DISTINCT FROM $3 AND quantity - reserved_quantity > 0
      ORDER BY id FOR UPDATE`, [productId, locationIds, excludeLocationId]);
  return rows.map((r) => ({ ...r, free: Number(r.free) }));
}
