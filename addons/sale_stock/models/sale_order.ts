import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';

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
  async _prepare_create_vals(given: Vals): Promise<Vals> {
    const vals = await super._prepare_create_vals(given);
    if (!given.warehouse_id && vals.company_id) {
      vals.warehouse_id = (await (this.env.model('stock.warehouse').sudo() as any)._defaultWarehouseId(vals.company_id)) || false;
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
    for (const order of this) await order._create_delivery();
  }

  /** One delivery order holding a move per goods line, confirmed and reserved. */
  async _create_delivery(): Promise<void> {
    const [order] = await this.sudo().fetch(['name', 'warehouse_id', 'partner_shipping_id', 'company_id', 'order_line']);
    const lines = this.env.model('sale.order.line').sudo().browse(order.order_line) as any;
    const goods: number[] = await lines._goodsLineIds();
    if (!goods.length) return;
    const warehouseId = order.warehouse_id || (await (this.env.model('stock.warehouse').sudo() as any)._defaultWarehouseId(order.company_id));
    if (!warehouseId) throw new UserError(`The order ${order.name} sells goods but its company has no warehouse to ship from: create a warehouse, then confirm again.`);
    const [warehouse] = await this.env.model('stock.warehouse').sudo().browse([warehouseId]).fetch(['out_type_id', 'name']);
    if (!warehouse.out_type_id) throw new UserError(`The warehouse ${warehouse.name} has no delivery operation type: set one on the warehouse, then confirm again.`);
    const pickings = this.env.model('stock.picking').sudo() as any;
    const picking = await pickings.create({
      picking_type_id: warehouse.out_type_id, partner_id: order.partner_shipping_id, origin: order.name, sale_id: order.id, company_id: order.company_id,
    });
    const [header] = await picking.fetch(['partner_id', 'origin', 'company_id']);
    const moves = [];
    for (const id of goods) {
      const vals = await (this.env.model('sale.order.line').sudo().browse([id]) as any)._prepare_procurement_move(header);
      if (vals) moves.push(vals);
    }
    if (!moves.length) {
      await picking.unlink();
      return;
    }
    await this.env.model('stock.move').sudo().create(moves);
    await picking.action_confirm();
    await picking.action_assign();
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
