/**
 * FBM shipments confirmed to Amazon, one confirmShipment per validated delivery, with the items
 * and quantities that delivery actually shipped. A delivery is marked 'processing' (committed)
 * before the call, so a crash or timeout cannot lead to a second confirmation: a delivery found
 * 'processing', 'unknown' or 'error' is first checked against what Amazon already records as
 * shipped. A call whose answer never came (timeout, reset) ends 'unknown', not 'error': the
 * deliveries cron checks it with Amazon and confirms it only if Amazon does not know it.
 */
import type { Environment } from '../../base/orm/environment';
import type { Model } from '../../base/orm/model';
import { matchCarrier } from '../sp_api/carriers';
import { RETRYABLE_NETWORK_CODES, SpApiError } from '../sp_api/errors';
import type { SpApiPort } from '../sp_api/port';
import type { AmazonOrder } from '../sp_api/types';
import { createAccountPort } from './port_factory';
import { inTransaction, type SyncContext } from './order_import';
import { interruptStaleRuns } from './stale_runs';
import { stopReasonOf, whileHeld } from './sync_stop';

export interface AmazonDelivery {
  id: number;
  name: string;
  state: string;
  amazon_sync_status: string | false;
  carrier_name: string | false;
  carrier_tracking_ref: string | false;
  order_id: number;
  account_id: number | null;
}

/** The given pickings that deliver an FBM Amazon order to the customer (the last step). */
export async function amazonDeliveries(pickings: Model): Promise<AmazonDelivery[]> {
  if (!pickings.ids.length) return [];
  const fields = pickings._meta.fields;
  const carrier = fields.has('carrier_id') ? 'c.name' : 'NULL';
  const carrierJoin = fields.has('carrier_id') ? 'LEFT JOIN delivery_carrier c ON c.id = p.carrier_id' : '';
  const tracking = fields.has('carrier_tracking_ref') ? 'p.carrier_tracking_ref' : 'NULL';
  const { rows } = await pickings.env.cr.query<AmazonDelivery>(
    `SELECT p.id, p.name, p.state, p.amazon_sync_status, ${carrier} AS carrier_name, ${tracking} AS carrier_tracking_ref,
            o.id AS order_id, o.amazon_account_id AS account_id
       FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id ${carrierJoin}
       JOIN stock_location d ON d.id = p.location_dest_id
      WHERE p.id = ANY($1::int[]) AND o.amazon_order_ref IS NOT NULL AND o.amazon_channel = 'fbm' AND d.usage = 'customer'
      ORDER BY p.id`, [pickings.ids]);
  return rows.map((r) => ({ ...r, amazon_sync_status: r.amazon_sync_status || false, carrier_name: (r.carrier_name || '').trim() || false, carrier_tracking_ref: (r.carrier_tracking_ref || '').trim() || false }));
}

interface Shipment {
  pickingId: number;
  pickingName: string;
  orderRef: string;
  marketplaceId: string;
  carrierName: string;
  trackingRef: string;
  dateDone: string;
  status: string;
  /** item ref -> quantity moved by this picking */
  items: Map<string, number>;
  /** item ref -> quantity Amazon knows as shipped once this delivery is confirmed: this one and the deliveries already confirmed */
  shippedSoFar: Map<string, number>;
}

async function loadShipment(env: Environment, pickingId: number): Promise<Shipment | null> {
  const [delivery] = await amazonDeliveries(env.model('stock.picking').sudo().browse([pickingId]));
  if (!delivery || delivery.state !== 'done') return null;
  const { rows: head } = await env.cr.query<{ order_ref: string; api_ref: string; date_done: string; status: string }>(
    `SELECT o.amazon_order_ref AS order_ref, m.api_ref, p.date_done::text AS date_done, p.amazon_sync_status AS status
       FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id JOIN amazon_marketplace m ON m.id = o.amazon_marketplace_id WHERE p.id = $1`, [pickingId]);
  const moved = async (where: string, param: number) => {
    const { rows } = await env.cr.query<{ ref: string; qty: number }>(
      `SELECT l.amazon_item_ref AS ref, sum(mv.quantity)::float AS qty FROM stock_move mv
         JOIN sale_order_line l ON l.id = mv.sale_line_id JOIN stock_picking p ON p.id = mv.picking_id
         JOIN stock_location d ON d.id = mv.location_dest_id
        WHERE ${where} AND mv.state = 'done' AND d.usage = 'customer' AND l.amazon_item_ref IS NOT NULL GROUP BY 1`, [param]);
    return new Map(rows.map((r) => [r.ref, r.qty]));
  };
  return {
    pickingId, pickingName: delivery.name, orderRef: head[0].order_ref, marketplaceId: head[0].api_ref,
    carrierName: delivery.carrier_name || '', trackingRef: delivery.carrier_tracking_ref || '',
    dateDone: head[0].date_done, status: head[0].status,
    items: await moved('mv.picking_id = $1', pickingId),
    // Deliveries validated but not confirmed yet are not counted: Amazon cannot know them, and
    // counting them would make a confirmation whose answer was lost look unsent (sent twice).
    shippedSoFar: await moved(`p.sale_id = $1 AND (p.id = ${Number(pickingId)} OR p.amazon_sync_status = 'done')`, delivery.order_id),
  };
}

/** Amazon already records these items as shipped (a confirmation whose answer we lost). */
function alreadyConfirmed(order: AmazonOrder | null, shipment: Shipment): boolean {
  if (!order) return false;
  if (order.status === 'Shipped') return true;
  return [...shipment.items.keys()].every((ref) => {
    const item = order.items.find((i) => i.ref === ref);
    return item !== undefined && item.quantityShipped >= (shipment.shippedSoFar.get(ref) ?? 0);
  });
}

/**
 * No answer came back (timeout, reset) or it was unreadable: Amazon may or may not have recorded
 * the shipment. A refusal after retried attempts is also uncertain: an earlier attempt whose
 * answer was lost may be what Amazon refuses as a duplicate.
 */
function noAnswer(error: unknown): boolean {
  return error instanceof SpApiError && ((error.status === null && RETRYABLE_NETWORK_CODES.has(error.code)) || error.code === 'JSON_PARSE_ERROR');
}

function mayHaveReachedAmazon(error: unknown): boolean {
  return noAnswer(error) || (error instanceof SpApiError && error.attempts > 1 && error.status !== null && error.status < 500 && error.status !== 429);
}

/** Whether Amazon records the shipment; null when it cannot be asked now (the next run asks again). */
async function knownToAmazon(port: SpApiPort, shipment: Shipment): Promise<boolean | null> {
  try {
    return alreadyConfirmed(await port.getOrder(shipment.orderRef), shipment);
  } catch {
    return null;
  }
}

const UNKNOWN_OUTCOME = 'Amazon\'s answer to the shipment confirmation was lost, so it may or may not have recorded the shipment. '
  + 'The next deliveries synchronisation checks with Amazon and confirms it only if Amazon does not know it.';

function describe(error: unknown): string {
  if (error instanceof SpApiError) return `Amazon refused the shipment confirmation (${error.code}): ${error.message}${error.details ? ` ${error.details}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

async function setStatus(ctx: SyncContext, pickingId: number, status: string, error: string | false = false): Promise<void> {
  await inTransaction(ctx, async (env) => {
    await env.model('stock.picking').browse([pickingId]).write({ amazon_sync_status: status, amazon_sync_error: error });
    if (status === 'error' && error) await env.model('stock.picking').browse([pickingId]).message_post(`Amazon could not be told about this shipment: ${error}`, { messageType: 'notification' });
  });
}

/** Confirms one delivery; returns its final status. */
async function confirmOne(ctx: SyncContext, port: SpApiPort, pickingId: number, checkFirst: boolean): Promise<'done' | 'error' | 'unknown'> {
  const shipment = await inTransaction(ctx, (env) => loadShipment(env, pickingId));
  if (!shipment) return 'error';
  if (!shipment.items.size) {
    await setStatus(ctx, pickingId, 'error', 'This delivery moved none of the Amazon order items, so there is nothing to confirm.');
    return 'error';
  }
  try {
    if (checkFirst && alreadyConfirmed(await port.getOrder(shipment.orderRef), shipment)) {
      await setStatus(ctx, pickingId, 'done');
      return 'done';
    }
    await setStatus(ctx, pickingId, 'processing');
    const carrier = matchCarrier(shipment.carrierName);
    await port.confirmShipment({
      orderRef: shipment.orderRef,
      marketplaceId: shipment.marketplaceId,
      packageReferenceId: String(shipment.pickingId),
      carrierCode: carrier.carrierCode,
      ...(carrier.carrierName ? { carrierName: carrier.carrierName } : {}),
      trackingNumber: shipment.trackingRef,
      shipDate: `${shipment.dateDone.replace(' ', 'T').slice(0, 19)}Z`,
      items: [...shipment.items].map(([orderItemId, quantity]) => ({ orderItemId, quantity: Math.round(quantity) })),
    });
    await setStatus(ctx, pickingId, 'done');
    return 'done';
  } catch (error) {
    if (!mayHaveReachedAmazon(error)) {
      await setStatus(ctx, pickingId, 'error', describe(error));
      return 'error';
    }
    const known = await knownToAmazon(port, shipment);
    if (known) {
      await setStatus(ctx, pickingId, 'done');
      return 'done';
    }
    if (known === false && !noAnswer(error)) {
      await setStatus(ctx, pickingId, 'error', describe(error));
      return 'error';
    }
    await setStatus(ctx, pickingId, 'unknown', `${UNKNOWN_OUTCOME} (${describe(error)})`);
    return 'unknown';
  }
}

export interface PickingSyncSummary { done: number; failed: number; unknown: number; message: string }

function toContext(envOrCtx: Environment | SyncContext): SyncContext {
  return 'cr' in envOrCtx ? { db: envOrCtx.db, registry: envOrCtx.registry, uid: envOrCtx.uid } : envOrCtx;
}

function nowOdoo(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

export interface PickingSyncOptions {
  trigger?: 'cron' | 'manual' | 'cli' | 'retry';
  /** Called after each delivery with the counts so far and the number to confirm. */
  onProgress?: (progress: { done: number; failed: number; total: number }) => void;
}

/**
 * Confirms every pending delivery of an account (and re-checks ones left 'processing'). A run with
 * something to confirm is recorded like an order sync: read = deliveries to confirm, updated =
 * confirmed, failed = refused (the cron's empty runs every half hour are not worth a record).
 */
export async function syncPickings(envOrCtx: Environment | SyncContext, accountId: number, port?: SpApiPort, only?: number[], options: PickingSyncOptions = {}): Promise<PickingSyncSummary> {
  const ctx = toContext(envOrCtx);
  const locked = await ctx.db.tryWithLock(`sale_amazon.pickings.${accountId}`, async (held) => {
    const run = whileHeld(ctx, held);
    await interruptStaleRuns(run, accountId, 'pickings');
    const todo = await inTransaction(run, async (env) => {
      const { rows } = await env.cr.query<{ id: number; status: string }>(
        `SELECT p.id, p.amazon_sync_status AS status FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id
          WHERE o.amazon_account_id = $1 AND p.amazon_sync_status IN ('pending', 'processing', 'unknown') AND p.state = 'done'
            ${only ? 'AND p.id = ANY($2::int[])' : ''} ORDER BY p.id`, only ? [accountId, only] : [accountId]);
      return rows;
    });
    const summary = { done: 0, failed: 0, unknown: 0 };
    if (!todo.length) return summary;
    const runId = await inTransaction(ctx, async (env) => (await env.model('amazon.sync.run').create({
      account_id: accountId, kind: 'pickings', trigger: options.trigger ?? 'manual', started_at: nowOdoo(), fetched: todo.length,
    })).ids[0]);
    let stopped = '';
    let interrupted: string | null = null;
    try {
      const ownPort = port ?? (await inTransaction(ctx, (env) => createAccountPort(env, accountId)));
      try {
        for (const row of todo) {
          // Unlinked or archived meanwhile: the access token would go on working, the seller's consent not.
          interrupted = await stopReasonOf(run, accountId);
          if (interrupted) break;
          // A delivery 'processing' or 'unknown' may have reached Amazon before we lost the answer.
          const result = await confirmOne(run, ownPort, row.id, row.status !== 'pending' || Boolean(only));
          summary[result === 'done' ? 'done' : result === 'unknown' ? 'unknown' : 'failed']++;
          options.onProgress?.({ done: summary.done, failed: summary.failed, total: todo.length });
        }
      } finally {
        if (!port) ownPort.close();
      }
    } catch (error) {
      stopped = `Stopped: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      await inTransaction(ctx, (env) => env.model('amazon.sync.run').browse([runId]).write({
        state: stopped ? 'failed' : interrupted ? 'interrupted' : 'done', finished_at: nowOdoo(), updated: summary.done, failed: summary.failed,
        message: stopped || interrupted || pickingsMessage(summary),
      }));
    }
    return summary;
  });
  if (!locked.acquired) return { done: 0, failed: 0, unknown: 0, message: 'Deliveries of this account are being confirmed right now.' };
  return { ...locked.value, message: pickingsMessage(locked.value) };
}

function pickingsMessage({ done, failed, unknown }: { done: number; failed: number; unknown: number }): string {
  return `${done} deliveries confirmed to Amazon${failed ? `, ${failed} failed (see the deliveries marked in error)` : ''}`
    + `${unknown ? `, ${unknown} whose answer was lost (checked with Amazon at the next synchronisation)` : ''}.`;
}

/** The "Retry Amazon Sync" button: re-checks with Amazon, then confirms what it does not know. */
export async function retryPickingSync(ctx: SyncContext, pickingIds: number[], port?: SpApiPort): Promise<PickingSyncSummary[]> {
  const byAccount = await inTransaction(ctx, async (env) => {
    const { rows } = await env.cr.query<{ id: number; account_id: number }>(
      'SELECT p.id, o.amazon_account_id AS account_id FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id WHERE p.id = ANY($1::int[])', [pickingIds]);
    const map = new Map<number, number[]>();
    for (const row of rows) map.set(row.account_id, [...(map.get(row.account_id) ?? []), row.id]);
    return map;
  });
  const results = [];
  for (const [accountId, ids] of byAccount) results.push(await syncPickings(ctx, accountId, port, ids, { trigger: 'retry' }));
  return results;
}
