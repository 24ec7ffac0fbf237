import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';

/**
 * Goods lines are delivered by stock moves: their delivered quantity is what done moves took
 * to customers, minus what came back, in the line's unit.
 */
export const SaleOrderLineStock = extend('sale.order.line', (Base) => class extends Base {
  static override _fields = {
    move_ids: fields.one2many('stock.move', 'sale_line_id', { string: 'Stock Moves' }),
  };

  async _compute_qty_delivered_method(): Promise<Record<number, Vals>> {
    const result = await super._compute_qty_delivered_method();
    const goods = await this._goodsLineIds();
    for (const id of goods) result[id] = { ...(result[id] ?? {}), qty_delivered_method: 'stock_move' };
    return result;
  }

  /** Lines whose product is goods (type consu): they get a delivery. */
  async _goodsLineIds(): Promise<number[]> {
    if (!this.ids.length) return [];
    // The lines through fetch(), then their products: qty_delivered_method is precomputed on
    // lines not inserted yet, whose values only fetch() knows.
    const lines = (await this.sudo().fetch(['product_id', 'display_type'])).filter((line) => !line.display_type && line.product_id);
    if (!lines.length) return [];
    const { rows } = await this.env.cr.query<{ id: number }>(
      `SELECT p.id FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
        WHERE p.id = ANY($1::int[]) AND t.type = 'consu'`, [[...new Set(lines.map((line) => line.product_id as number))]]);
    const goods = new Set(rows.map((r) => r.id));
    return lines.filter((line) => goods.has(line.product_id as number)).map((line) => line.id as number);
  }

  /** Recomputes qty_delivered from the lines' done moves (to customers minus returns). */
  async _update_qty_delivered_from_moves(): Promise<void> {
    const { rows } = await this.env.cr.query<{ line_id: number; line_uom: number; move_uom: number; qty: number; src: string; dest: string }>(
      `SELECT m.sale_line_id AS line_id, l.product_uom AS line_uom, m.product_uom AS move_uom, m.quantity AS qty, s.usage AS src, d.usage AS dest
         FROM stock_move m JOIN sale_order_line l ON l.id = m.sale_line_id
         JOIN stock_location s ON s.id = m.location_id JOIN stock_location d ON d.id = m.location_dest_id
        WHERE m.sale_line_id = ANY($1::int[]) AND m.state = 'done'`, [this.ids]);
    const delivered = new Map<number, number>(this.ids.map((id: number) => [id, 0]));
    for (const move of rows) {
      const sign = move.dest === 'customer' && move.src !== 'customer' ? 1 : move.src === 'customer' && move.dest !== 'customer' ? -1 : 0;
      if (!sign) continue;
      const qty = move.line_uom && move.move_uom !== move.line_uom
        ? await (this.env.model('uom.uom').browse([move.move_uom]) as any)._compute_quantity(Number(move.qty), move.line_uom, false)
        : Number(move.qty);
      delivered.set(move.line_id, (delivered.get(move.line_id) ?? 0) + sign * qty);
    }
    // The lines whose quantity changed, in one statement, each with its own quantity (an FBA line
    // starts delivered: its moves, done with the order, change nothing).
    const { rows: current } = await this.env.cr.query<{ id: number; qty: number }>(
      'SELECT id, qty_delivered AS qty FROM sale_order_line WHERE id = ANY($1::int[])', [this.ids], { flush: false });
    const stored = new Map(current.map((line) => [line.id, Number(line.qty ?? 0)]));
    const changed = [...delivered].map(([id, qty]) => ({ id, qty: Math.round(qty * 1e6) / 1e6 }))
      .filter((line) => stored.has(line.id) && stored.get(line.id) !== line.qty);
    if (changed.length) await this.sudo().browse(changed.map((line) => line.id))._write_multi(changed.map((line) => ({ qty_delivered: line.qty })));
  }

  /** The lines (of these) that have something to deliver, with what their delivery moves need, in line order. */
  async _procurement_lines(): Promise<Vals[]> {
    if (!this.ids.length) return [];
    const rows = await this.sudo().fetch(['name', 'product_id', 'product_uom', 'product_uom_qty', 'company_id', 'order_id']);
    return rows.filter((line) => line.product_uom_qty > 0);
  }

  /** The move delivering a line (from _procurement_lines) from the warehouse stock to the customer, in its delivery. */
  _procurement_move_values(line: Vals, picking: Vals): Vals {
    return {
      name: line.name, product_id: line.product_id, product_uom: line.product_uom, product_uom_qty: line.product_uom_qty,
      sale_line_id: line.id, picking_id: picking.id, partner_id: picking.partner_id, origin: picking.origin, company_id: picking.company_id,
    };
  }
});
