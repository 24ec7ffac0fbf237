import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import type { OrderLookups } from '../../sale/models/sale_order';

/**
 * Confirming an order creates its delivery order from the order's warehouse; cancelling it
 * cancels deliveries not done yet, and is refused once goods have left.
 */
export const SaleOrderStock = extend('sale.order', (Base) => class extends Base {
  static override _fields = {
    warehouse_id: fields.many2one('stock.warehouse', {
      string: 'Warehouse', index: true, ondelete: 'restrict',
      default: (env: Environment) => (env.model('stock.warehouse') as any)._defaultWarehouseId(),
    }),
    picking_ids: fields.one2many('stock.picking', 'sale_id', { string: 'Transfers' }),
    delivery_count: fields.integer({ string: 'Delivery Orders', compute: '_compute_picking_ids' }),
  };
  static override _public = ['action_view_delivery'];

  /** An order of another company ships from that company's warehouse. */
  async _prepare_create_vals(given: Vals, lookups?: OrderLookups): Promise<Vals> {
    const vals = await super._prepare_create_vals(given, lookups);
    if (!given.warehouse_id && vals.company_id) {
      const find = () => (this.env.model('stock.warehouse').sudo() as any)._defaultWarehouseId(vals.company_id) as Promise<number | false>;
      const key = `sale_stock.warehouse/${vals.company_id}`;
      if (lookups && !lookups.memo.has(key)) lookups.memo.set(key, find());
      vals.warehouse_id = (await (lookups ? lookups.memo.get(key) : find())) || false;
    }
    return vals;
  }

  async _compute_picking_ids(): Promise<Record<number, Vals>> {
    const { rows } = await this.env.cr.query<{ sale_id: number; n: number }>(
      'SELECT sale_id, count(*)::int AS n FROM stock_picking WHERE sale_id = ANY($1::int[]) GROUP BY sale_id', [this.ids]);
    const counts = new Map(rows.map((r) => [r.sale_id, r.n]));
    return Object.fromEntries(this.ids.map((id: number) => [id, { delivery_count: counts.get(id) ?? 0 }]));
  }

  async _action_confirm(): Promise<void> {
    await super._action_confirm();
    await this._create_delivery();
  }

  /**
   * Per order, one delivery order holding a move per goods line, confirmed and reserved. The
   * deliveries of all the orders are created together (one create of pickings, one of moves).
   */
  async _create_delivery(): Promise<void> {
    if (!this.ids.length) return;
    const orders = await this.sudo().fetch(['name', 'warehouse_id', 'partner_shipping_id', 'company_id', 'order_line']);
    const lineModel = this.env.model('sale.order.line').sudo() as any;
    const goods = new Set<number>(await lineModel.browse(orders.flatMap((o) => o.order_line))._goodsLineIds());
    const lines: Vals[] = await lineModel.browse(orders.flatMap((o) => o.order_line.filter((id: number) => goods.has(id))))._procurement_lines();
    // An order whose goods lines all have nothing to deliver gets no delivery.
    const shipping = orders.filter((o) => lines.some((l) => l.order_id === o.id));
    if (!shipping.length) return;
    const outTypes = await this._delivery_types(shipping);
    const pickings = await this.env.model('stock.picking').sudo().create(shipping.map((order) => ({
      picking_type_id: outTypes.get(order.id), partner_id: order.partner_shipping_id, origin: order.name, sale_id: order.id, company_id: order.company_id,
    })));
    const byId = new Map((await pickings.fetch(['partner_id', 'origin', 'company_id'])).map((h) => [h.id as number, h]));
    const headers = new Map(shipping.map((order, i) => [order.id as number, byId.get(pickings.ids[i])!]));
    // The moves are created confirmed (what the transfers' confirmation would write on them: each
    // has moves by construction) and reserved at once, so they are not rewritten draft to confirmed.
    const moves = await this.env.model('stock.move').sudo().create(lines.map((line) => ({ ...lineModel._procurement_move_values(line, headers.get(line.order_id)), state: 'confirmed' })));
    await (moves as any)._action_assign();
  }

  /** The delivery operation type of each order's warehouse (the company's default warehouse when the order has none). */
  async _delivery_types(orders: Vals[]): Promise<Map<number, number>> {
    const warehouses = this.env.model('stock.warehouse').sudo() as any;
    const defaults = new Map<number, number | false>();
    const warehouseOf = new Map<number, number>();
    for (const order of orders) {
      if (!order.warehouse_id && !defaults.has(order.company_id)) defaults.set(order.company_id, await warehouses._defaultWarehouseId(order.company_id));
      const warehouseId = order.warehouse_id || defaults.get(order.company_id);
      if (!warehouseId) throw new UserError(`The order ${order.name} sells goods but its company has no warehouse to ship from: create a warehouse, then confirm again.`);
      warehouseOf.set(order.id, warehouseId);
    }
    const rows = new Map<number, Vals>((await warehouses.browse([...new Set(warehouseOf.values())]).fetch(['out_type_id', 'name'])).map((w: Vals) => [w.id as number, w]));
    const types = new Map<number, number>();
    for (const order of orders) {
      const warehouse = rows.get(warehouseOf.get(order.id)!)!;
      if (!warehouse.out_type_id) throw new UserError(`The warehouse ${warehouse.name} has no delivery operation type: set one on the warehouse, then confirm again.`);
      types.set(order.id, warehouse.out_type_id);
    }
    return types;
  }

  async _cancellation_error_message(): Promise<string | false> {
    const error = await super._cancellation_error_message();
    if (error) return error;
    const { rows } = await this.env.cr.query<{ order_name: string; picking_name: string }>(
      `SELECT s.name AS order_name, p.name AS picking_name FROM stock_picking p JOIN sale_order s ON s.id = p.sale_id
        WHERE p.sale_id = ANY($1::int[]) AND p.state = 'done' ORDER BY p.id`, [this.ids]);
    if (!rows.length) return false;
    return `The order ${rows[0].order_name} cannot be cancelled: its delivery ${rows.map((r) => r.picking_name).join(', ')} is done, so goods have left the warehouse. Return the goods with a return transfer instead.`;
  }

  async _action_cancel(): Promise<void> {
    const open = await this.env.model('stock.picking').sudo().search([['sale_id', 'in', this.ids], ['state', 'not in', ['done', 'cancel']]]);
    if (open.length) await (open as any).action_cancel();
    await super._action_cancel();
  }

  /** Opens the order's deliveries: the form when there is one, the list otherwise. */
  async action_view_delivery(): Promise<Vals> {
    const pickings = await this.env.model('stock.picking').search([['sale_id', 'in', this.ids]]);
    const action: Vals = { type: 'ir.actions.act_window', name: 'Delivery Orders', res_model: 'stock.picking', domain: [['id', 'in', pickings.ids]], context: { create: false } };
    if (pickings.length === 1) return { ...action, view_mode: 'form', views: [[false, 'form']], res_id: pickings.ids[0] };
    return { ...action, view_mode: 'list,form', views: [[false, 'list'], [false, 'form']] };
  }
});
