/**
 * FBA orders leave from Amazon's warehouse, not ours: no delivery order, but one done stock move
 * per goods line from the Amazon location to Customers, so the Amazon stock and the delivered
 * quantities are right and the moves show in the Moves History. The moves of a batch of orders are
 * recorded done together.
 */
import { ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';

/**
 * @param sources the FBA orders with the Amazon location their goods leave from
 * @returns the ids of the done moves, in the orders' and lines' order
 */
export async function recordFbaMoves(env: Environment, sources: { orderId: number; locationId: number | false | null }[]): Promise<number[]> {
  if (!sources.length) return [];
  if (sources.some((s) => !s.locationId)) throw new ValidationError('This Amazon account has no FBA stock location: set one on the account so FBA sales can leave its stock.');
  const customers = await env.refId('stock.stock_location_customers');
  if (!customers) throw new ValidationError('The Customers stock location is missing.');
  const locationOf = new Map(sources.map((s) => [s.orderId, s.locationId as number]));
  const { rows: lines } = await env.cr.query<{ id: number; order_id: number; product_id: number; qty: number; uom: number | null; product_uom: number | null; company_id: number; order_name: string; partner_id: number }>(
    `SELECT l.id, l.order_id, l.product_id, l.product_uom_qty::float AS qty, l.product_uom, t.uom_id AS uom, o.company_id, o.name AS order_name, o.partner_shipping_id AS partner_id
       FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
       JOIN product_product p ON p.id = l.product_id JOIN product_template t ON t.id = p.product_tmpl_id
      WHERE l.order_id = ANY($1::int[]) AND l.display_type IS NULL AND t.type <> 'service' AND l.product_uom_qty > 0
      ORDER BY array_position($1::int[], l.order_id), l.sequence, l.id`, [sources.map((s) => s.orderId)]);
  if (!lines.length) return [];
  const moveModel = env.model('stock.move').sudo();
  const hasSaleLine = moveModel._meta.fields.has('sale_line_id');
  const picked = moveModel._meta.fields.has('picked') ? { picked: true } : {};
  // Amazon shipped the goods: the moves are recorded done (with their lines), the whole demand moved.
  const moves = await (moveModel as any)._create_done(lines.map((line: typeof lines[number]) => ({
    name: `Amazon move: ${line.order_name}`,
    origin: line.order_name,
    product_id: line.product_id,
    product_uom_qty: line.qty,
    product_uom: line.product_uom ?? line.uom,
    location_id: locationOf.get(line.order_id),
    location_dest_id: customers,
    partner_id: line.partner_id,
    company_id: line.company_id,
    quantity: line.qty,
    ...picked,
    ...(hasSaleLine ? { sale_line_id: line.id } : {}),
  })));
  return moves.ids;
}
