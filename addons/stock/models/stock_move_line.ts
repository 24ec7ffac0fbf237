import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import type { Environment } from '../../base/orm/environment';

/**
 * Where a move's quantity is reserved and, once done, from where to where it went. Done
 * lines are the Moves History (Odoo's stock.move.line list with the "Done" filter).
 */
export class StockMoveLine extends Model {
  static override _name = 'stock.move.line';
  static override _description = 'Product Moves (Stock Move Line)';
  static override _order = 'date desc, id desc';
  static override _rec_name = 'reference';
  static override _fields = {
    move_id: fields.many2one('stock.move', { string: 'Stock Operation', required: true, index: true, ondelete: 'cascade' }),
    picking_id: fields.many2one('stock.picking', { string: 'Transfer', index: true }),
    product_id: fields.many2one('product.product', { string: 'Product', required: true, index: true, ondelete: 'restrict' }),
    product_uom_id: fields.many2one('uom.uom', { string: 'Unit of Measure', required: true }),
    quantity: fields.float({ string: 'Quantity', default: 0, help: 'In the product\'s unit of measure.' }),
    location_id: fields.many2one('stock.location', { string: 'From', required: true, index: true }),
    location_dest_id: fields.many2one('stock.location', { string: 'To', required: true, index: true }),
    date: fields.datetime({ string: 'Date', required: true, index: true, default: () => nowUtc() }),
    state: fields.selection([['draft', 'New'], ['waiting', 'Waiting Another Move'], ['confirmed', 'Waiting Availability'], ['partially_available', 'Partially Available'], ['assigned', 'Available'], ['done', 'Done'], ['cancel', 'Cancelled']],
      { string: 'Status', related: 'move_id.state', store: true, precompute: true, index: true }),
    reference: fields.char({ string: 'Reference', related: 'move_id.reference', store: true, precompute: true, index: true }),
    origin: fields.char({ string: 'Source', related: 'move_id.origin' }),
    is_inventory: fields.boolean({ string: 'Inventory Adjustment', related: 'move_id.is_inventory', store: true, precompute: true }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env: Environment) => env.companyId() }),
  };
  // Opened from a menu with no records selected, as Odoo's @api.model actions are.
  static override _public_model = ['action_moves_history'];

  /**
   * The Moves History screen: done move lines, newest first, to filter and group by product,
   * location (From / To) and date. Returned as an ir.actions.act_window dictionary.
   */
  async action_moves_history(): Promise<Record<string, unknown>> {
    return movesHistoryAction();
  }
}

export function movesHistoryAction(): Record<string, unknown> {
  return {
    type: 'ir.actions.act_window',
    name: 'Moves History',
    res_model: 'stock.move.line',
    view_mode: 'list,pivot,graph',
    views: [[false, 'list'], [false, 'pivot'], [false, 'graph']],
    domain: [['state', '=', 'done']],
    context: { search_default_done: 1, create: 0, edit: 0, pivot_measures: ['quantity'] },
    groupable_fields: ['product_id', 'location_id', 'location_dest_id', 'date:day', 'date:month', 'picking_id', 'is_inventory'],
    list_fields: ['date', 'reference', 'product_id', 'location_id', 'location_dest_id', 'quantity', 'product_uom_id', 'state'],
  };
}

export function nowUtc(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}
