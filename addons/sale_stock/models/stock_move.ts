import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

/** The sales order line a move delivers; done moves update the line's delivered quantity. */
export const StockMoveSale = extend('stock.move', (Base) => class extends Base {
  static override _fields = {
    sale_line_id: fields.many2one('sale.order.line', { string: 'Sale Line', index: true, ondelete: 'set null' }),
  };

  async _on_done(): Promise<void> {
    await super._on_done();
    await this._updateSaleLinesDelivered();
  }

  async _updateSaleLinesDelivered(): Promise<void> {
    if (!this.ids.length) return;
    const { rows } = await this.env.cr.query<{ id: number }>('SELECT DISTINCT sale_line_id AS id FROM stock_move WHERE id = ANY($1::int[]) AND sale_line_id IS NOT NULL', [this.ids]);
    if (rows.length) await (this.env.model('sale.order.line').sudo().browse(rows.map((r) => r.id)) as any)._update_qty_delivered_from_moves();
  }
});
