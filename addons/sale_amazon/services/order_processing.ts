/**
 * What Amazon orders do to our data, in the caller's transaction: create the confirmed sales
 * orders (a page of new orders together, see order_creation.ts), cancel them, or record that Amazon
 * already knows their shipment. Idempotent: the unique Amazon references make a second pass over
 * the same order a no-op.
 */
import type { Environment } from '../../base/orm/environment';
import type { AmazonOrder } from '../sp_api/types';
import { type AccountInfo, createOrders } from './order_creation';

export { type AccountInfo, toOdooDatetime } from './order_creation';

export type OrderOutcome = 'created' | 'updated' | 'skipped';

export interface OrderResult {
  outcome: OrderOutcome;
  orderId: number | null;
}

/** The statuses in which a new order is imported: FBA once shipped by Amazon, FBM once paid. */
export function isImportable(order: AmazonOrder): boolean {
  return order.channel === 'FBA' ? order.status === 'Shipped' : order.status === 'Unshipped';
}

export async function loadAccount(env: Environment, accountId: number): Promise<AccountInfo> {
  const [row] = await env.model('amazon.account').sudo().withContext({ active_test: false }).browse([accountId])
    .fetch(['name', 'company_id', 'user_id', 'team_id', 'location_id']);
  return row as AccountInfo;
}

interface ExistingOrder {
  id: number;
  ref: string;
  state: string;
}

async function existingOrders(env: Environment, refs: string[]): Promise<Map<string, ExistingOrder>> {
  const { rows } = await env.cr.query<ExistingOrder>('SELECT id, amazon_order_ref AS ref, state FROM sale_order WHERE amazon_order_ref = ANY($1::text[])', [refs]);
  return new Map(rows.map((r) => [r.ref, r]));
}

/**
 * Processes orders (a page of them) in the caller's transaction; the results are in the order
 * given. New orders are created together; an order listed twice is handled again once the first
 * listing is done, as if the orders ran one after the other.
 */
export async function processOrders(env: Environment, account: AccountInfo, orders: AmazonOrder[]): Promise<OrderResult[]> {
  const results: OrderResult[] = new Array(orders.length);
  const seen = new Set<string>();
  const repeats: number[] = [];
  const existing = await existingOrders(env, [...new Set(orders.map((o) => o.ref))]);
  const toCreate: number[] = [];
  for (const [i, order] of orders.entries()) {
    if (seen.has(order.ref)) {
      repeats.push(i);
      continue;
    }
    seen.add(order.ref);
    const found = existing.get(order.ref);
    if (found) results[i] = await updateExisting(env, account, order, found);
    else if (isImportable(order)) toCreate.push(i);
    else results[i] = { outcome: 'skipped', orderId: null };
  }
  const createdIds = await createOrders(env, account, toCreate.map((i) => orders[i]));
  toCreate.forEach((index, k) => { results[index] = { outcome: 'created', orderId: createdIds[k] }; });
  for (const i of repeats) {
    const found = (await existingOrders(env, [orders[i].ref])).get(orders[i].ref);
    if (found) results[i] = await updateExisting(env, account, orders[i], found);
    else if (isImportable(orders[i])) results[i] = { outcome: 'created', orderId: (await createOrders(env, account, [orders[i]]))[0] };
    else results[i] = { outcome: 'skipped', orderId: null };
  }
  return results;
}

export async function processOrder(env: Environment, account: AccountInfo, order: AmazonOrder): Promise<OrderResult> {
  return (await processOrders(env, account, [order]))[0];
}

/** An order already here: Amazon may have cancelled it, or shipped it (FBM). */
async function updateExisting(env: Environment, account: AccountInfo, order: AmazonOrder, existing: ExistingOrder): Promise<OrderResult> {
  if (order.status === 'Canceled' && existing.state !== 'cancel' && (await cancelFromAmazon(env, account, existing.id))) {
    return { outcome: 'updated', orderId: existing.id };
  }
  if (order.status === 'Shipped' && order.channel === 'FBM' && (await markShippedDeliveries(env, existing.id))) {
    return { outcome: 'updated', orderId: existing.id };
  }
  return { outcome: 'skipped', orderId: existing.id };
}

/**
 * Amazon cancelled the order. What has not left is cancelled; when goods already left, the order
 * stays as it is and the salesperson is asked to create a return.
 */
const CANCELLED_AFTER_SHIPPING = 'Amazon cancelled this order after products had already been shipped. The order was kept: create a return to bring the stock back.';

/** Returns false when there was nothing left to do (the order was already handled by an earlier, overlapping sync). */
async function cancelFromAmazon(env: Environment, account: AccountInfo, orderId: number): Promise<boolean> {
  const order = env.model('sale.order').sudo().browse([orderId]) as any;
  const { rows } = await env.cr.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM stock_picking WHERE sale_id = $1 AND state = 'done'", [orderId]);
  const [row] = await order.fetch(['amazon_channel', 'name']);
  const goodsLeft = row.amazon_channel === 'fba' || rows[0].n > 0;
  if (!goodsLeft) {
    await order.withContext({ canceled_by_amazon: true })._action_cancel();
    await order.message_post('Amazon cancelled this order; it was cancelled here too.', { messageType: 'notification' });
    return true;
  }
  // The order stays confirmed, so every sync whose window covers the cancellation sees it again:
  // the note and the to-do are made once.
  const { rows: told } = await env.cr.query('SELECT 1 FROM mail_message WHERE model = $1 AND res_id = $2 AND body = $3 LIMIT 1', ['sale.order', orderId, CANCELLED_AFTER_SHIPPING]);
  if (told.length) return false;
  await order.message_post(CANCELLED_AFTER_SHIPPING, { messageType: 'notification' });
  await env.model('mail.activity').sudo().create({
    res_model: 'sale.order', res_id: orderId, user_id: account.user_id,
    summary: 'Create a return',
    note: `Amazon cancelled ${row.name} although products had already been shipped. Create a return for the shipped products so the stock is right.`,
  });
  return true;
}

/** Amazon says the FBM order is shipped: our open deliveries need no confirmation any more. */
async function markShippedDeliveries(env: Environment, orderId: number): Promise<boolean> {
  const pickings = env.model('stock.picking').sudo();
  const found = await pickings.search([['sale_id', '=', orderId], ['state', '!=', 'cancel'], '|', ['amazon_sync_status', '=', false], ['amazon_sync_status', '!=', 'done']]);
  if (!found.length) return false;
  await found.write({ amazon_sync_status: 'done', amazon_sync_error: false });
  return true;
}
