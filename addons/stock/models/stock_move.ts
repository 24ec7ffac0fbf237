import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import { QUANT_USAGES, locationUsages } from './stock_location';
import { availableQuants, updateAvailableQuantity, updateReservedQuantity } from './stock_quant';
import { nowUtc } from './stock_move_line';

export const MOVE_STATES: Array<[string, string]> = [
  ['draft', 'New'], ['waiting', 'Waiting Another Move'], ['confirmed', 'Waiting Availability'],
  ['partially_available', 'Partially Available'], ['assigned', 'Available'], ['done', 'Done'], ['cancel', 'Cancelled'],
];
const OPEN_STATES = ['draft', 'waiting', 'confirmed', 'partially_available', 'assigned'];
const LOCKED_WHEN_DONE = ['product_id', 'product_uom_qty', 'quantity', 'product_uom', 'location_id', 'location_dest_id'];

/**
 * A quantity of one product to move from one location to another. `product_uom_qty` is the
 * demand, `quantity` what is (or will be, at validation) moved, as in Odoo 17.
 */
export class StockMove extends Model {
  static override _name = 'stock.move';
  static override _description = 'Stock Move';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ string: 'Description', required: true }),
    sequence: fields.integer({ default: 10 }),
    reference: fields.char({ string: 'Reference', compute: '_compute_reference', depends: ['picking_id.name', 'name'], store: true, precompute: true, index: true }),
    date: fields.datetime({ string: 'Date Scheduled', required: true, index: true, default: () => nowUtc(), help: 'When it is planned; once done, when it was processed.' }),
    product_id: fields.many2one('product.product', { string: 'Product', required: true, index: true, ondelete: 'restrict' }),
    description_picking: fields.text({ string: 'Description of Picking' }),
    product_uom_qty: fields.float({ string: 'Demand', required: true, default: 0, digits: [16, 2] }),
    quantity: fields.float({ string: 'Quantity', default: 0, digits: [16, 2], help: 'Reserved, then what is moved when the transfer is validated.' }),
    product_uom: fields.many2one('uom.uom', { string: 'UoM', required: true }),
    location_id: fields.many2one('stock.location', { string: 'Source Location', required: true, index: true }),
    location_dest_id: fields.many2one('stock.location', { string: 'Destination Location', required: true, index: true }),
    partner_id: fields.many2one('res.partner', { string: 'Destination Address' }),
    picking_id: fields.many2one('stock.picking', { string: 'Transfer', index: true, ondelete: 'cascade' }),
    picking_type_id: fields.many2one('stock.picking.type', { string: 'Operation Type' }),
    state: fields.selection(MOVE_STATES, { string: 'Status', default: 'draft', readonly: true, index: true, copy: false }),
    origin: fields.char({ string: 'Source Document' }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env: Environment) => env.companyId() }),
    move_line_ids: fields.one2many('stock.move.line', 'move_id', { string: 'Operations' }),
    is_inventory: fields.boolean({ string: 'Inventory', default: false }),
  };
  static override _constrains = { _check_quantities: ['product_uom_qty', 'quantity'] };

  async _compute_reference(): Promise<Record<number, Vals>> {
    const rows = await this.sudo().fetch(['name', 'picking_id']);
    const pickings = new Map((await this.env.model('stock.picking').sudo().browse(rows.filter((r) => r.picking_id).map((r) => r.picking_id)).fetch(['name'])).map((p) => [p.id, p.name]));
    return Object.fromEntries(rows.map((r) => [r.id, { reference: r.picking_id ? pickings.get(r.picking_id) : r.name }]));
  }

  /** Negative quantities would move stock the wrong way: refuse them. */
  async _check_quantities(): Promise<void> {
    for (const row of await this.sudo().fetch(['product_uom_qty', 'quantity', 'product_id'])) {
      if (row.product_uom_qty < 0 || row.quantity < 0) {
        throw new ValidationError(`Stock quantities cannot be negative (demand ${row.product_uom_qty}, quantity ${row.quantity}): enter 0 or more; to send goods back, create a return transfer.`);
      }
    }
  }

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = (Array.isArray(valsList) ? valsList : [valsList]).map((vals) => vals ?? {});
    const products = await this._productDefaults(list);
    const pickings = await this._pickingDefaults(list);
    return super.create(list.map((vals) => completeValues(vals, products.get(vals.product_id), pickings.get(vals.picking_id))));
  }

  /** Unit and name of the products of moves given without them (one read for all the moves). */
  private async _productDefaults(list: Vals[]): Promise<Map<unknown, Vals>> {
    const ids = [...new Set(list.filter((v) => typeof v.product_id === 'number' && (!v.product_uom || !v.name)).map((v) => v.product_id as number))];
    if (!ids.length) return new Map();
    const rows = await this.env.model('product.product').sudo().withContext({ active_test: false }).browse(ids).fetch(['uom_id', 'display_name']);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Locations, type, company, origin and date of the transfers the moves go in (one read for all). */
  private async _pickingDefaults(list: Vals[]): Promise<Map<unknown, Vals>> {
    const ids = [...new Set(list.filter((v) => typeof v.picking_id === 'number').map((v) => v.picking_id as number))];
    if (!ids.length) return new Map();
    const rows = await this.env.model('stock.picking').sudo().browse(ids).fetch(['location_id', 'location_dest_id', 'picking_type_id', 'company_id', 'partner_id', 'origin', 'scheduled_date']);
    return new Map(rows.map((r) => [r.id, r]));
  }

  override async write(vals: Vals): Promise<true> {
    if (!this.env.su && LOCKED_WHEN_DONE.some((f) => f in (vals ?? {}))) {
      const { rows } = await this.env.cr.query<{ reference: string }>(`SELECT reference FROM stock_move WHERE id = ANY($1::int[]) AND state IN ('done', 'cancel')`, [this.ids]);
      if (rows.length) throw new UserError(`${rows[0].reference} is done or cancelled: its product, quantities and locations can no longer change. Create a return or a new transfer instead.`);
    }
    return super.write(vals);
  }

  override async unlink(): Promise<true> {
    const { rows } = await this.env.cr.query<{ reference: string }>(`SELECT reference FROM stock_move WHERE id = ANY($1::int[]) AND state = 'done'`, [this.ids]);
    if (rows.length) throw new UserError(`${rows[0].reference} is done: a done stock move cannot be deleted, as stock levels depend on it.`);
    await this.sudo()._do_unreserve();
    return super.unlink();
  }

  // ------------------------------------------------------------------ workflow

  async _openMoves(): Promise<Vals[]> {
    return (await this.sudo().fetch(['state', 'product_id', 'product_uom', 'product_uom_qty', 'quantity', 'location_id', 'location_dest_id', 'picking_id', 'reference', 'company_id']))
      .filter((m) => OPEN_STATES.includes(m.state));
  }

  /** Draft moves become confirmed: they now wait for stock to be reserved. */
  async _action_confirm(): Promise<this> {
    const drafts = (await this._openMoves()).filter((m) => m.state === 'draft').map((m) => m.id);
    if (drafts.length) await this.sudo().browse(drafts).write({ state: 'confirmed' });
    return this;
  }

  /**
   * Reserves stock for confirmed moves from the quants under their source location. Moves that
   * do not take from stock (from a vendor, from inventory loss, or of untracked products) are
   * available at once for their whole demand.
   */
  async _action_assign(): Promise<this> {
    const moves = (await this._openMoves()).filter((m) => ['confirmed', 'waiting', 'partially_available'].includes(m.state));
    if (!moves.length) return this;
    const usages = await locationUsages(this.env, moves.map((m) => m.location_id));
    const storable = await storableProducts(this.env, moves.map((m) => m.product_id));
    const fromStock = (move: Vals) => QUANT_USAGES.includes(usages.get(move.location_id) ?? '') && storable.has(move.product_id);
    // Moves that take nothing from stock are available at once, all together.
    const free = moves.filter((m) => !fromStock(m));
    if (free.length) {
      const uoms = await productUomIds(this.env, free.map((m) => m.product_id));
      const lines = [];
      for (const move of free) lines.push({ move, locationId: move.location_id, qty: await this._toProductUom(move, move.product_uom_qty, uoms) });
      // The moves' state is written before their lines are created, so the lines' related state
      // is precomputed at their INSERT instead of rewritten by an UPDATE.
      await this.sudo().browse(free.map((m) => m.id as number))._write_multi(free.map((m) => ({ state: 'assigned', quantity: m.product_uom_qty })));
      await this._reserveLines(lines, false);
    }
    for (const move of moves.filter(fromStock)) await this._reserveFromQuants(move);
    return this;
  }

  private async _reserveFromQuants(move: Vals): Promise<void> {
    const demand = await this._toProductUom(move, move.product_uom_qty);
    const reserved = await this._reservedQuantity(move.id);
    let missing = round6(demand - reserved);
    // What each quant gives is decided first (the quants are distinct, so one's free quantity does
    // not change by taking from another); the move's state is then written before its lines are
    // created, so the lines' related state is precomputed at their INSERT, not rewritten by an UPDATE.
    const takes: { move: Vals; locationId: number; qty: number }[] = [];
    if (missing > 0) {
      const sources = await this.env.model('stock.location').sudo().browse([move.location_id]) as any;
      const quants = await availableQuants(this.env, move.product_id, await sources._childIds(), move.location_dest_id);
      for (const quant of quants) {
        if (missing <= 0) break;
        const take = Math.min(quant.free, missing);
        takes.push({ move, locationId: quant.location_id, qty: take });
        missing = round6(missing - take);
      }
    }
    const nowReserved = round6(demand - Math.max(missing, 0));
    const state = nowReserved >= demand ? 'assigned' : nowReserved > 0 ? 'partially_available' : 'confirmed';
    await this.sudo().browse([move.id]).write({ state, quantity: await this._fromProductUom(move, nowReserved) });
    await this._reserveLines(takes, true);
  }

  /** One move line per entry holding qty (product unit) at a location, reserved in its quant when it comes from stock. */
  private async _reserveLines(entries: { move: Vals; locationId: number; qty: number }[], fromQuant: boolean): Promise<void> {
    const wanted = entries.filter((e) => e.qty > 0);
    if (!wanted.length) return;
    const uoms = await productUomIds(this.env, wanted.map((e) => e.move.product_id));
    await this.env.model('stock.move.line').sudo().create(wanted.map(({ move, locationId, qty }) => ({
      move_id: move.id, picking_id: move.picking_id || false, product_id: move.product_id, product_uom_id: uoms.get(move.product_id),
      quantity: qty, location_id: locationId, location_dest_id: move.location_dest_id, company_id: move.company_id,
    })));
    if (fromQuant) for (const { move, locationId, qty } of wanted) await updateReservedQuantity(this.env, move.product_id, locationId, qty);
  }

  private async _reservedQuantity(moveId: number): Promise<number> {
    const { rows } = await this.env.cr.query<{ q: number | null }>(`SELECT sum(quantity) AS q FROM stock_move_line WHERE move_id = $1 AND state IS DISTINCT FROM 'done'`, [moveId]);
    return Number(rows[0]?.q ?? 0);
  }

  /** Gives back what these moves reserved and forgets their (not done) move lines. */
  async _do_unreserve(): Promise<this> {
    if (!this.ids.length) return this;
    const { rows } = await this.env.cr.query<{ id: number; product_id: number; location_id: number; quantity: number }>(
      `SELECT id, product_id, location_id, quantity FROM stock_move_line WHERE move_id = ANY($1::int[]) AND state IS DISTINCT FROM 'done'`, [this.ids]);
    const storable = await storableProducts(this.env, rows.map((r) => r.product_id));
    for (const line of rows) {
      if (storable.has(line.product_id)) await updateReservedQuantity(this.env, line.product_id, line.location_id, -Number(line.quantity));
    }
    if (rows.length) await this.env.model('stock.move.line').sudo().browse(rows.map((r) => r.id)).unlink();
    return this;
  }

  /** Cancels open moves; a done move cannot be cancelled. */
  async _action_cancel(): Promise<this> {
    const rows = await this.sudo().fetch(['state', 'reference']);
    const done = rows.find((m) => m.state === 'done');
    if (done) throw new UserError(`${done.reference} is already done and cannot be cancelled: create a return to bring the goods back.`);
    const open = rows.filter((m) => m.state !== 'cancel').map((m) => m.id);
    if (open.length) {
      await this.sudo().browse(open)._do_unreserve();
      await this.sudo().browse(open).write({ state: 'cancel', quantity: 0 });
    }
    return this;
  }

  /**
   * Moves `quantity` of each open move: reservations are released, done lines record where
   * the goods came from (reserved locations first), and quants follow. Moves with nothing to
   * move are cancelled.
   */
  async _action_done(): Promise<this> {
    const moves = await this._openMoves();
    const nothing = moves.filter((m) => !(m.quantity > 0)).map((m) => m.id);
    if (nothing.length) await this.sudo().browse(nothing)._action_cancel();
    const moving = moves.filter((m) => m.quantity > 0);
    if (moving.length) await this._doneMoves(moving);
    await this._on_done();
    return this;
  }

  /**
   * Moves that already happened elsewhere (goods Amazon shipped from its own warehouse): created
   * done, with the lines and quant changes _action_done leaves, instead of being written draft,
   * confirmed, then done. Each needs the quantity that moved.
   */
  async _create_done(valsList: Vals[]): Promise<this> {
    const bad = valsList.find((vals) => !(Number(vals.quantity) > 0));
    if (bad) throw new ValidationError(`A move recorded as done needs the quantity that moved (got ${JSON.stringify(bad.quantity)}).`);
    const date = nowUtc();
    const moves = await this.sudo().create(valsList.map((vals) => ({ ...vals, state: 'done', date: vals.date ?? date })));
    const rows = await moves.fetch(['product_id', 'product_uom', 'quantity', 'location_id', 'location_dest_id', 'picking_id', 'company_id', 'date']);
    await moves._recordDone(rows, []);
    await moves._on_done();
    return this.browse(moves.ids);
  }

  /** Called once moves are done (by validation or created done): for other addons to follow them. */
  async _on_done(): Promise<void> {}

  /** The done state of moving moves, then their lines and quants (one write, one create of lines). */
  private async _doneMoves(moves: Vals[]): Promise<void> {
    const ids = moves.map((m) => m.id as number);
    const { rows: reserved } = await this.env.cr.query<{ move_id: number; location_id: number; quantity: number }>(
      `SELECT move_id, location_id, quantity FROM stock_move_line WHERE move_id = ANY($1::int[]) AND state IS DISTINCT FROM 'done' ORDER BY id`, [ids]);
    await this.sudo().browse(ids)._do_unreserve();
    const date = nowUtc();
    // The moves' state first: their lines' related state is then precomputed at their INSERT
    // instead of rewritten by an UPDATE.
    await this.sudo().browse(ids).write({ state: 'done', date });
    await this._recordDone(moves.map((m) => ({ ...m, date })), reserved);
  }

  /** The done lines of done moves (from what they had reserved first) and the quants they change. */
  private async _recordDone(moves: Vals[], reserved: { move_id: number; location_id: number; quantity: number }[]): Promise<void> {
    const uoms = await productUomIds(this.env, moves.map((m) => m.product_id));
    // Untracked goods and services leave no quants behind, as in Odoo.
    const tracked = await storableProducts(this.env, moves.map((m) => m.product_id));
    const reservedOf = new Map<number, { location_id: number; quantity: number }[]>();
    for (const line of reserved) reservedOf.set(line.move_id, [...(reservedOf.get(line.move_id) ?? []), line]);
    const lines: Vals[] = [];
    for (const move of moves) {
      for (const [locationId, qty] of await this._donePlan(move, reservedOf.get(move.id) ?? [], uoms)) {
        lines.push({
          move_id: move.id, picking_id: move.picking_id || false, product_id: move.product_id, product_uom_id: uoms.get(move.product_id),
          quantity: qty, location_id: locationId, location_dest_id: move.location_dest_id, company_id: move.company_id, date: move.date,
        });
      }
    }
    await this.env.model('stock.move.line').sudo().create(lines);
    for (const line of lines.filter((l) => tracked.has(l.product_id))) {
      await updateAvailableQuantity(this.env, line.product_id, line.location_id, -line.quantity);
      await updateAvailableQuantity(this.env, line.product_id, line.location_dest_id, line.quantity);
    }
  }

  /** Where a move's quantity comes from: its reserved locations first, then its source location. */
  private async _donePlan(move: Vals, reserved: { location_id: number; quantity: number }[], uoms: Map<number, number>): Promise<Array<[number, number]>> {
    let remaining = await this._toProductUom(move, move.quantity, uoms);
    const plan: Array<[number, number]> = [];
    for (const line of reserved) {
      if (remaining <= 0) break;
      const take = Math.min(Number(line.quantity), remaining);
      plan.push([line.location_id, take]);
      remaining = round6(remaining - take);
    }
    if (remaining > 0) plan.push([move.location_id, remaining]);
    return plan;
  }

  /**
   * Splits qty (move unit) of demand off into a new confirmed move, which the caller puts in a
   * backorder or cancels; this move keeps the rest of the demand.
   */
  async _split(qty: number): Promise<this> {
    const id = this.ensureOne();
    const [move] = await this.sudo().fetch(['product_uom_qty']);
    const copy = await this.sudo().copy({ product_uom_qty: qty, quantity: 0, state: 'confirmed', move_line_ids: [] });
    await this.sudo().browse([id]).write({ product_uom_qty: round6(move.product_uom_qty - qty) });
    return this.browse(copy.ids);
  }

  /** qty in the move's unit, in the product's unit (uoms: the products' units, when already read). */
  async _toProductUom(move: Vals, qty: number, uoms?: Map<number, number>): Promise<number> {
    const productUom = (uoms ?? await productUomIds(this.env, [move.product_id])).get(move.product_id);
    if (!move.product_uom || move.product_uom === productUom) return qty;
    return (this.env.model('uom.uom').browse([move.product_uom]) as any)._compute_quantity(qty, productUom, false);
  }

  async _fromProductUom(move: Vals, qty: number): Promise<number> {
    const productUom = (await productUomIds(this.env, [move.product_id])).get(move.product_id);
    if (!move.product_uom || !productUom || move.product_uom === productUom) return qty;
    return (this.env.model('uom.uom').browse([productUom]) as any)._compute_quantity(qty, move.product_uom, false);
  }
}

/** Fills the unit, description and locations from the product and the transfer, as Odoo's onchanges do. */
function completeValues(vals: Vals, product: Vals | undefined, picking: Vals | undefined): Vals {
  const completed = { ...vals };
  if (product && typeof vals.product_id === 'number' && (!vals.product_uom || !vals.name)) {
    completed.product_uom ||= product.uom_id;
    completed.name ||= product.display_name;
  }
  if (picking) {
    completed.location_id ||= picking.location_id;
    completed.location_dest_id ||= picking.location_dest_id;
    completed.picking_type_id ||= picking.picking_type_id;
    completed.company_id ||= picking.company_id;
    completed.origin ||= picking.origin;
    completed.date ||= picking.scheduled_date;
  }
  return completed;
}

/**
 * The unit of each product (one query for all). Plain columns only: no queued recompute can change
 * them, so the query does not flush (a flush here would write a batch's recomputes half-way).
 */
async function productUomIds(env: Environment, productIds: number[]): Promise<Map<number, number>> {
  const { rows } = await env.cr.query<{ id: number; uom: number }>(
    'SELECT p.id, t.uom_id AS uom FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id WHERE p.id = ANY($1::int[])', [[...new Set(productIds)]], { flush: false });
  return new Map(rows.map((r) => [r.id, r.uom]));
}

/** Products that track inventory (their quants are counted and reserved). Plain columns: no flush. */
export async function storableProducts(env: Environment, productIds: number[]): Promise<Set<number>> {
  const { rows } = await env.cr.query<{ id: number }>(
    `SELECT p.id FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id WHERE p.id = ANY($1::int[]) AND t.type = 'consu' AND t.is_storable IS TRUE`, [productIds], { flush: false });
  return new Set(rows.map((r) => r.id));
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
