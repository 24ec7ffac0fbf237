import type { Environment } from '../../../addons/base/orm/environment';

/** A storable product (goods tracking inventory) and its variant id. */
export async function storableProduct(env: Environment, name = 'Widget', code = 'WDG'): Promise<number> {
  const product = await env.model('product.product').create({ name, default_code: code, is_storable: true, list_price: 10 });
  return product.ids[0];
}

export async function ref(env: Environment, xmlid: string): Promise<number> {
  const id = await env.refId(xmlid);
  if (!id) throw new Error(`missing ${xmlid}`);
  return id;
}

/** Counts qty of the product in the location and applies it (an inventory adjustment). */
export async function setStock(env: Environment, productId: number, locationId: number, qty: number): Promise<void> {
  const quant = await env.model('stock.quant').create({ product_id: productId, location_id: locationId, inventory_quantity: qty }) as any;
  await quant.action_apply_inventory();
}

export async function onHand(env: Environment, productId: number, locationId: number): Promise<{ quantity: number; reserved_quantity: number }> {
  const { rows } = await env.cr.query<{ quantity: number; reserved_quantity: number }>(
    'SELECT quantity, reserved_quantity FROM stock_quant WHERE product_id = $1 AND location_id = $2', [productId, locationId]);
  return rows[0] ? { quantity: Number(rows[0].quantity), reserved_quantity: Number(rows[0].reserved_quantity) } : { quantity: 0, reserved_quantity: 0 };
}

/** A confirmed delivery order from WH/Stock to Customers. */
export async function deliveryOrder(env: Environment, productId: number, qty: number, extra: Record<string, unknown> = {}): Promise<any> {
  const picking = await env.model('stock.picking').create({
    picking_type_id: await ref(env, 'stock.picking_type_out'), origin: 'TEST', ...extra,
    move_ids: [[0, 0, { product_id: productId, product_uom_qty: qty }]],
  }) as any;
  await picking.action_confirm();
  return picking;
}

export async function moveOf(env: Environment, picking: any): Promise<any> {
  const moves = await env.model('stock.move').search([['picking_id', '=', picking.ids[0]]]);
  return moves;
}
