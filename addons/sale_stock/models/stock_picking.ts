import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

/** The sales order a delivery comes from. */
export const StockPickingSale = extend('stock.picking', (Base) => class extends Base {
  static override _fields = {
    sale_id: fields.many2one('sale.order', { string: 'Sales Order', index: true, ondelete: 'set null' }),
  };
});
