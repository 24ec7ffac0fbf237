import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';
import { contextLocationIds, productQuantities } from './stock_quantities';

const QUANTITY_FIELDS = {
  qty_available: fields.float({ string: 'Quantity On Hand', compute: '_compute_quantities', help: 'In the warehouses of your companies, or the location/warehouse given in context.' }),
  virtual_available: fields.float({ string: 'Forecasted Quantity', compute: '_compute_quantities' }),
  free_qty: fields.float({ string: 'Free To Use Quantity', compute: '_compute_quantities' }),
  incoming_qty: fields.float({ string: 'Incoming', compute: '_compute_quantities' }),
  outgoing_qty: fields.float({ string: 'Outgoing', compute: '_compute_quantities' }),
};

/** Stock quantities on product variants, as Odoo's Inventory shows them. */
export const ProductProductStock = extend('product.product', (Base) => class extends Base {
  static override _fields = { ...QUANTITY_FIELDS };

  async _compute_quantities(): Promise<Record<number, Vals>> {
    const quantities = await productQuantities(this.env, this.ids, await contextLocationIds(this.env));
    return Object.fromEntries(this.ids.map((id: number) => [id, { ...quantities.get(id) }]));
  }
});

/** The same quantities on templates: the sum of their variants. */
export const ProductTemplateStock = extend('product.template', (Base) => class extends Base {
  static override _fields = { ...QUANTITY_FIELDS };

  async _compute_quantities(): Promise<Record<number, Vals>> {
    const { rows } = await this.env.cr.query<{ id: number; t: number }>('SELECT id, product_tmpl_id AS t FROM product_product WHERE product_tmpl_id = ANY($1::int[])', [this.ids]);
    const quantities = await productQuantities(this.env, rows.map((r) => r.id), await contextLocationIds(this.env));
    const result: Record<number, Vals> = Object.fromEntries(this.ids.map((id: number) => [id, { qty_available: 0, virtual_available: 0, free_qty: 0, incoming_qty: 0, outgoing_qty: 0 }]));
    for (const row of rows) {
      const q = quantities.get(row.id)!;
      for (const key of Object.keys(q) as Array<keyof typeof q>) result[row.t][key] += q[key];
    }
    return result;
  }
});
