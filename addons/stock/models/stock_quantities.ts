import type { Environment } from '../../base/orm/environment';

export interface ProductQuantities {
  /** on hand */
  qty_available: number;
  /** on hand and not reserved */
  free_qty: number;
  /** open moves coming into the locations from outside them */
  incoming_qty: number;
  /** open moves leaving the locations */
  outgoing_qty: number;
  /** on hand + incoming - outgoing */
  virtual_available: number;
}

/**
 * Quantities of products over a set of locations (children included), in the product's unit.
 * Open moves count with their demand; moves within the set do not change the total.
 */
export async function productQuantities(env: Environment, productIds: number[], rootLocationIds: number[]): Promise<Map<number, ProductQuantities>> {
  const result = new Map<number, ProductQuantities>(productIds.map((id) => [id, { qty_available: 0, free_qty: 0, incoming_qty: 0, outgoing_qty: 0, virtual_available: 0 }]));
  if (!productIds.length || !rootLocationIds.length) return result;
  const tree = `WITH RECURSIVE h(id) AS (SELECT id FROM stock_location WHERE id = ANY($2::int[]) UNION SELECT l.id FROM stock_location l JOIN h ON l.location_id = h.id)`;
  const { rows: onHand } = await env.cr.query<{ product_id: number; q: number; r: number }>(
    `${tree} SELECT product_id, sum(quantity) AS q, sum(reserved_quantity) AS r FROM stock_quant WHERE product_id = ANY($1::int[]) AND location_id IN (SELECT id FROM h) GROUP BY product_id`,
    [productIds, rootLocationIds]);
  // Demand in the product's unit: move units of another category never reach here (same category is checked by uom).
  const { rows: moving } = await env.cr.query<{ product_id: number; incoming: number; outgoing: number }>(
    `${tree}
     SELECT m.product_id,
            sum(CASE WHEN m.location_dest_id IN (SELECT id FROM h) AND m.location_id NOT IN (SELECT id FROM h) THEN m.product_uom_qty / mu.factor * pu.factor ELSE 0 END) AS incoming,
            sum(CASE WHEN m.location_id IN (SELECT id FROM h) AND m.location_dest_id NOT IN (SELECT id FROM h) THEN m.product_uom_qty / mu.factor * pu.factor ELSE 0 END) AS outgoing
       FROM stock_move m
       JOIN uom_uom mu ON mu.id = m.product_uom
       JOIN product_product p ON p.id = m.product_id JOIN product_template t ON t.id = p.product_tmpl_id JOIN uom_uom pu ON pu.id = t.uom_id
      WHERE m.product_id = ANY($1::int[]) AND m.state NOT IN ('draft', 'done', 'cancel')
      GROUP BY m.product_id`, [productIds, rootLocationIds]);
  for (const row of onHand) {
    const entry = result.get(row.product_id)!;
    entry.qty_available = round(Number(row.q));
    entry.free_qty = round(Number(row.q) - Number(row.r));
  }
  for (const row of moving) {
    const entry = result.get(row.product_id)!;
    entry.incoming_qty = round(Number(row.incoming));
    entry.outgoing_qty = round(Number(row.outgoing));
  }
  for (const entry of result.values()) entry.virtual_available = round(entry.qty_available + entry.incoming_qty - entry.outgoing_qty);
  return result;
}

/** The locations quantities are counted over: context `location` or `warehouse`, else every warehouse of the user's companies. */
export async function contextLocationIds(env: Environment): Promise<number[]> {
  const location = env.context.location;
  if (Number.isInteger(location)) return [location];
  const warehouse = env.context.warehouse;
  const { companyIds } = await env.companies();
  const { rows } = Number.isInteger(warehouse)
    ? await env.cr.query<{ id: number }>('SELECT view_location_id AS id FROM stock_warehouse WHERE id = $1', [warehouse])
    : await env.cr.query<{ id: number }>('SELECT view_location_id AS id FROM stock_warehouse WHERE company_id = ANY($1::int[]) AND active IS TRUE', [companyIds]);
  return rows.map((r) => r.id).filter(Boolean);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
