import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import { PICKING_TYPE_CODES } from './stock_picking_type';
import { nowUtc } from './stock_move_line';
import { round6 } from './stock_move';

export const PICKING_STATES: Array<[string, string]> = [
  ['draft', 'Draft'], ['waiting', 'Waiting Another Operation'], ['confirmed', 'Waiting'], ['assigned', 'Ready'], ['done', 'Done'], ['cancel', 'Cancelled'],
];

type Action = Record<string, unknown>;

/**
 * A transfer (receipt, delivery order, internal transfer): moves of one operation type.
 * Its state follows its moves. `button_validate` moves what is set in the moves' quantity and
 * asks about a backorder when less than the demand was moved.
 */
export class StockPicking extends Model {
  static override _name = 'stock.picking';
  static override _description = 'Transfer';
  static override _order = 'scheduled_date asc, id desc';
  static override _fields = {
    name: fields.char({ string: 'Reference', default: '/', copy: false, index: true }),
    origin: fields.char({ string: 'Source Document', index: true, help: 'The document this transfer comes from (e.g. a sales order).' }),
    note: fields.html({ string: 'Notes' }),
    partner_id: fields.many2one('res.partner', { string: 'Contact', index: true }),
    picking_type_id: fields.many2one('stock.picking.type', { string: 'Operation Type', required: true, index: true }),
    picking_type_code: fields.selection(PICKING_TYPE_CODES, { string: 'Type of Operation', related: 'picking_type_id.code' }),
    location_id: fields.many2one('stock.location', { string: 'Source Location', required: true }),
    location_dest_id: fields.many2one('stock.location', { string: 'Destination Location', required: true }),
    move_ids: fields.one2many('stock.move', 'picking_id', { string: 'Stock Moves', copy: false }),
    move_line_ids: fields.one2many('stock.move.line', 'picking_id', { string: 'Operations' }),
    state: fields.selection(PICKING_STATES, { string: 'Status', compute: '_compute_state', depends: ['move_ids.state'], store: true, precompute: true, index: true, copy: false }),
    move_type: fields.selection([['direct', 'As soon as possible'], ['one', 'When all products are ready']], { string: 'Shipping Policy', default: 'direct', required: true }),
    scheduled_date: fields.datetime({ string: 'Scheduled Date', required: true, index: true, default: () => nowUtc() }),
    date_done: fields.datetime({ string: 'Date of Transfer', copy: false, readonly: true }),
    backorder_id: fields.many2one('stock.picking', { string: 'Back Order of', index: true, copy: false }),
    backorder_ids: fields.one2many('stock.picking', 'backorder_id', { string: 'Back Orders' }),
    user_id: fields.many2one('res.users', { string: 'Responsible', default: (env: Environment) => env.uid }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env: Environment) => env.companyId() }),
  };
  static override _public = ['action_confirm', 'action_assign', 'button_validate', 'action_cancel', 'do_unreserve', 'action_set_quantities_to_reservation'];

  /** Odoo's rule: no moves or all draft is draft; all cancelled is cancelled; all finished is done; else by what is reserved. */
  async _compute_state(): Promise<Record<number, Vals>> {
    // The moves through fetch(): the state is precomputed on transfers not inserted yet, whose
    // moves only fetch() knows (none, unless given with them).
    const pickings = await this.sudo().fetch(['move_ids']);
    const moves = await this.env.model('stock.move').sudo().browse(pickings.flatMap((p) => p.move_ids as number[])).fetch(['state']);
    const stateOf = new Map(moves.map((m) => [m.id as number, m.state as string]));
    return Object.fromEntries(pickings.map((p) => [p.id, { state: pickingState((p.move_ids as number[]).map((id) => stateOf.get(id)!)) }]));
  }

  /** Reference from the operation type's sequence and locations from its defaults. */
  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    // The operation types are read once for all the transfers created together.
    const typeIds = [...new Set(list.map((vals) => vals?.picking_type_id).filter((id): id is number => typeof id === 'number'))];
    const types = new Map((await this.env.model('stock.picking.type').sudo().browse(typeIds)
      .fetch(['default_location_src_id', 'default_location_dest_id', 'company_id'])).map((row) => [row.id as number, row]));
    // References too: reserved per operation type in one statement, handed out in list order.
    const unnamed = new Map<number, number>();
    for (const vals of list) {
      if (types.has(vals?.picking_type_id) && (!vals.name || vals.name === '/')) unnamed.set(vals.picking_type_id, (unnamed.get(vals.picking_type_id) ?? 0) + 1);
    }
    const names = new Map<number, string[]>();
    for (const [typeId, count] of unnamed) names.set(typeId, await (this.env.model('stock.picking.type').sudo().browse([typeId]) as any)._nextReferences(count));
    for (const vals of list) {
      const completed = { ...(vals ?? {}) };
      if (typeof vals?.picking_type_id === 'number') {
        const row = types.get(vals.picking_type_id);
        if (!row) throw new UserError('The operation type of this transfer does not exist: pick one such as "WH: Delivery Orders".');
        completed.location_id ||= row.default_location_src_id;
        completed.location_dest_id ||= row.default_location_dest_id;
        completed.company_id ||= row.company_id;
        if (!completed.name || completed.name === '/') completed.name = names.get(vals.picking_type_id)!.shift();
      }
      prepared.push(completed);
    }
    return super.create(prepared);
  }

  override async write(vals: Vals): Promise<true> {
    await super.write(vals);
    // Moving a transfer moves its open lines with it.
    const moved: Vals = {};
    for (const key of ['location_id', 'location_dest_id', 'partner_id'] as const) if (key in (vals ?? {})) moved[key] = vals[key];
    if (Object.keys(moved).length) {
      const moves = await this.env.model('stock.move').sudo().search([['picking_id', 'in', this.ids], ['state', 'not in', ['done', 'cancel']]]);
      if (moves.length) await moves.write(moved);
    }
    return true;
  }

  override async unlink(): Promise<true> {
    const done = (await this.sudo().fetch(['name', 'state'])).find((p) => p.state === 'done');
    if (done) throw new UserError(`${done.name} is done and cannot be deleted: stock levels depend on it.`);
    const moves = await this.env.model('stock.move').sudo().search([['picking_id', 'in', this.ids]]);
    await moves.unlink();
    return super.unlink();
  }

  async _moves(states?: string[]): Promise<Model & Record<string, any>> {
    const domain: unknown[] = [['picking_id', 'in', this.ids]];
    if (states) domain.push(['state', 'in', states]);
    return this.env.model('stock.move').sudo().search(domain) as any;
  }

  // ------------------------------------------------------------------ actions

  /** Mark as To Do: draft moves are confirmed; receipts (nothing to reserve) become ready at once. */
  async action_confirm(): Promise<boolean> {
    await this.checkAccess('write');
    const rows = await this.sudo().fetch(['name', 'state']);
    const { rows: moving } = await this.env.cr.query<{ picking_id: number }>('SELECT DISTINCT picking_id FROM stock_move WHERE picking_id = ANY($1::int[])', [this.ids]);
    const withMoves = new Set(moving.map((r) => r.picking_id));
    const withoutMoves = rows.filter((picking) => !withMoves.has(picking.id)).map((picking) => picking.name);
    if (withoutMoves.length) throw new UserError(`${withoutMoves.join(', ')}: add at least one product to move before marking the transfer as To Do.`);
    await (await this._moves(['draft']))._action_confirm();
    const fromOutside = await this.sudo().search([['id', 'in', this.ids], ['state', '=', 'confirmed'], ['location_id.usage', 'in', ['supplier', 'inventory', 'production']]]);
    if (fromOutside.length) await fromOutside.action_assign();
    return true;
  }

  /** Check Availability: reserves stock for the open moves. */
  async action_assign(): Promise<boolean> {
    await this.checkAccess('write');
    const drafts = await this.sudo().search([['id', 'in', this.ids], ['state', '=', 'draft']]);
    if (drafts.length) await drafts.action_confirm();
    await (await this._moves(['confirmed', 'waiting', 'partially_available']))._action_assign();
    return true;
  }

  async do_unreserve(): Promise<boolean> {
    await this.checkAccess('write');
    const moves = await this._moves(['partially_available', 'assigned']);
    await moves._do_unreserve();
    if (moves.length) await moves.write({ state: 'confirmed', quantity: 0 });
    return true;
  }

  /** Sets each open move's quantity to its full demand ("everything was picked"). */
  async action_set_quantities_to_reservation(): Promise<boolean> {
    await this.checkAccess('write');
    for (const move of await (await this._moves(['confirmed', 'waiting', 'partially_available', 'assigned'])).fetch(['product_uom_qty'])) {
      await this.env.model('stock.move').sudo().browse([move.id]).write({ quantity: move.product_uom_qty });
    }
    return true;
  }

  async action_cancel(): Promise<boolean> {
    await this.checkAccess('write');
    const done = (await this.sudo().fetch(['name', 'state'])).find((p) => p.state === 'done');
    if (done) throw new UserError(`${done.name} is already done and cannot be cancelled: create a return to bring the goods back.`);
    await (await this._moves())._action_cancel();
    return true;
  }

  /**
   * Validate: checks, then the pre-done hook (other addons refuse there, or the backorder
   * question is returned as a wizard action), then the moves are done. Nothing is written
   * when a check refuses; the caller's transaction rolls back what a later failure leaves.
   */
  async button_validate(): Promise<boolean | Action> {
    await this.checkAccess('write');
    if (!this.ids.length) return true;
    await this._sanity_check();
    const drafts = await this.sudo().search([['id', 'in', this.ids], ['state', '=', 'draft']]);
    if (drafts.length) await drafts.action_confirm();
    const hook = await this._pre_action_done_hook();
    if (hook !== true) return hook;
    await this._action_done();
    await this._send_confirmation_email();
    return true;
  }

  /** Refuses what cannot be validated, before anything is written. */
  async _sanity_check(): Promise<void> {
    const pickings = await this.sudo().fetch(['name', 'state']);
    for (const picking of pickings) {
      if (picking.state === 'done') throw new UserError(`${picking.name} is already done.`);
      if (picking.state === 'cancel') throw new UserError(`${picking.name} is cancelled and cannot be validated: duplicate it to move these products again.`);
      const moves = await (await this.browse([picking.id])._moves()).fetch(['state', 'quantity', 'product_uom_qty']);
      const open = moves.filter((m) => m.state !== 'done' && m.state !== 'cancel');
      if (!open.length) throw new UserError(`${picking.name} has no products to move: add a line, then validate.`);
      if (open.some((m) => m.quantity < 0 || m.product_uom_qty < 0)) throw new UserError(`${picking.name} has a negative quantity: quantities moved must be 0 or more.`);
      if (!open.some((m) => m.quantity > 0)) {
        throw new UserError(`Nothing to validate on ${picking.name}: no quantity is set. Enter the quantity you moved on its lines (or Check Availability to reserve stock), then validate again.`);
      }
    }
  }

  /**
   * Runs before anything is done; addons override it to refuse (throw a UserError) or to
   * return an action to show first. Here: the backorder question when less than asked is moved.
   */
  async _pre_action_done_hook(): Promise<true | Action> {
    if (this.env.context.skip_backorder) return true;
    const needing = await this._check_backorder();
    if (!needing.length) return true;
    return {
      type: 'ir.actions.act_window',
      name: 'Create Backorder?',
      res_model: 'stock.backorder.confirmation',
      view_mode: 'form',
      views: [[false, 'form']],
      target: 'new',
      context: { ...this.env.context, default_pick_ids: needing.map((id) => [4, id]), button_validate_picking_ids: this.ids },
    };
  }

  /** Pickings where some move gets less than its demand. */
  async _check_backorder(): Promise<number[]> {
    const moves = await (await this._moves(['draft', 'waiting', 'confirmed', 'partially_available', 'assigned'])).fetch(['picking_id', 'quantity', 'product_uom_qty']);
    return [...new Set(moves.filter((m) => round6(m.quantity - m.product_uom_qty) < 0).map((m) => m.picking_id as number))];
  }

  /**
   * Does the moves. What is left of each move goes to a backorder picking, or is cancelled for
   * the pickings listed in context `picking_ids_not_to_backorder`.
   */
  async _action_done(): Promise<boolean> {
    const noBackorder: number[] = this.env.context.picking_ids_not_to_backorder ?? [];
    for (const picking of this.sudo()) {
      const moves = await picking._moves(['draft', 'waiting', 'confirmed', 'partially_available', 'assigned']);
      const rest: number[] = [];
      for (const move of await moves.fetch(['quantity', 'product_uom_qty'])) {
        const left = round6(move.product_uom_qty - move.quantity);
        if (left <= 0) continue;
        const one = this.env.model('stock.move').sudo().browse([move.id]) as any;
        rest.push(...(move.quantity > 0 ? (await one._split(left)).ids : [move.id]));
      }
      const restMoves = this.env.model('stock.move').sudo().browse(rest) as any;
      const doneMoves = this.env.model('stock.move').sudo().browse(moves.ids.filter((id: number) => !rest.includes(id))) as any;
      if (rest.length) await restMoves._do_unreserve();
      await doneMoves._action_done();
      if (rest.length && noBackorder.includes(picking.ids[0])) await restMoves._action_cancel();
      else if (rest.length) await picking._create_backorder(restMoves);
      await picking.write({ date_done: nowUtc() });
    }
    return true;
  }

  /** A new picking like this one, holding the moves still to do, confirmed and reserved. */
  async _create_backorder(moves: Model): Promise<this> {
    const backorder = await this.sudo().copy({ name: '/', backorder_id: this.ids[0], date_done: false });
    await moves.write({ picking_id: backorder.ids[0], state: 'confirmed', quantity: 0 });
    const [row] = await this.sudo().fetch(['name']);
    const [created] = await backorder.fetch(['name']);
    await this.message_post(`The backorder ${created.name} was created for what was not moved.`, { messageType: 'notification' });
    await backorder.message_post(`Backorder of ${row.name}.`, { messageType: 'notification' });
    await backorder.action_assign();
    return backorder as this;
  }

  /** Runs after the moves are done, in the same transaction; addons override it (notify a carrier, a marketplace). */
  async _send_confirmation_email(): Promise<void> {
    return undefined;
  }
}

export function pickingState(states: string[]): string {
  if (!states.length || states.every((s) => s === 'draft')) return 'draft';
  if (states.every((s) => s === 'cancel')) return 'cancel';
  if (states.every((s) => s === 'cancel' || s === 'done')) return 'done';
  const open = states.filter((s) => s !== 'cancel' && s !== 'done');
  if (open.some((s) => s === 'assigned' || s === 'partially_available')) return 'assigned';
  if (open.some((s) => s === 'waiting')) return 'waiting';
  if (open.some((s) => s === 'draft')) return 'draft';
  return 'confirmed';
}
