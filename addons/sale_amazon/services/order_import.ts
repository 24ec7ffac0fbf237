/**
 * The order synchronisation of one account: fetch the orders whose status changed since the
 * cursor, process each batch of them (one or more pages) in one transaction (each order in its
 * own when the batch fails), queue failures for retry, and move the cursor only past what is
 * durably done. A per-account lock keeps two runs (cron, button, another worker) from working on
 * the same account at once.
 */
import { UserError, ValidationError } from '../../base/orm/exceptions';
import { Environment, SUPERUSER_ID } from '../../base/orm/environment';
import { isTransientDatabaseError, type Database } from '../../base/db/database';
import type { Registry } from '../../base/orm/registry';
import type { SpApiPort } from '../sp_api/port';
import type { AmazonOrder } from '../sp_api/types';
import { ImportRunCache } from './order_import_cache';
import { PagePrefetcher } from './page_prefetch';
import { createAccountPort } from './port_factory';
import { type AccountInfo, loadAccount, processOrder, processOrders, toOdooDatetime, type OrderOutcome } from './order_processing';
import { interruptStaleRuns } from './stale_runs';
import { stopReasonOf, whileHeld } from './sync_stop';

export interface SyncContext {
  db: Database;
  registry: Registry;
  uid?: number;
  /** Epoch ms after which the run stops between two pages of orders (the cron's timeout). */
  deadline?: number;
  /** Aborted when the run must stop between two orders (account lock lost, server stopping); see sync_stop. */
  signal?: AbortSignal;
}

export interface SyncProgress {
  fetched: number; created: number; updated: number; skipped: number; failed: number; retried: number;
}

export interface SyncOptions {
  trigger?: 'cron' | 'manual' | 'cli' | 'retry';
  onProgress?: (progress: SyncProgress, order?: AmazonOrder) => void;
  /** Uses this port instead of building one from the account (benchmarks). */
  port?: SpApiPort;
  /** Minimum time between two writes of the counts on the run record (default one second). */
  progressEveryMs?: number;
}

export interface SyncSummary extends SyncProgress {
  runId: number | null;
  state: 'done' | 'interrupted' | 'failed' | 'busy';
  message: string;
}

/**
 * Orders imported in one transaction at most, when Amazon's pages (100 orders each) arrive faster
 * than they are imported; a trickle is imported page by page. Bigger transactions spend fewer
 * round trips per order; this bound keeps locks, memory and the work redone after a crash small.
 */
const ORDERS_PER_TRANSACTION = 500;
/**
 * Orders fetched and waiting for the import at most, before fetching pauses; beyond the next page,
 * only while Amazon's search quota is plentiful (a page read ahead by a run that stops is wasted).
 */
const ORDERS_FETCHED_AHEAD = 500;

/** How often a running sync writes its counts on its run record, for the screens to show. */
const PROGRESS_EVERY_MS = 1000;

/** The next window starts a little before the cursor: Amazon's data lags, and overlap is harmless. */
export const OVERLAP_MS = 5 * 60_000;
/** The statuses that can change something here; others are filtered out by Amazon. */
const RELEVANT_STATUSES = ['Unshipped', 'Shipped', 'Canceled'] as const;
const RETRY_BASE_MS = 5 * 60_000;
const RETRY_MAX_MS = 24 * 3600_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(attempts - 1, 0), RETRY_MAX_MS);
}

function toContext(envOrCtx: Environment | SyncContext): SyncContext {
  if (envOrCtx instanceof Environment) return { db: envOrCtx.db, registry: envOrCtx.registry, uid: envOrCtx.uid };
  return envOrCtx;
}

/**
 * Runs fn in a new transaction of its own (committed when fn resolves). With a run cache, the
 * transaction starts with what earlier ones of the run learnt and, once committed, adds to it.
 */
export async function inTransaction<T>(ctx: SyncContext, fn: (env: Environment) => Promise<T>, runCache?: ImportRunCache): Promise<T> {
  let used: Environment | undefined;
  const value = await ctx.db.transaction(async (cr) => {
    const env = new Environment(ctx.registry, cr, ctx.uid ?? SUPERUSER_ID, { active_test: false }, true);
    env.cache.db = ctx.db;
    runCache?.seed(env);
    used = env;
    return fn(env);
  });
  if (runCache && used) runCache.keep(used);
  return value;
}

function nowOdoo(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Synchronises one account's orders. Called by the cron (static, no open transaction), the
 * button (after the request's transaction commits) and the CLI.
 */
export async function syncOrders(envOrCtx: Environment | SyncContext, accountId: number, options: SyncOptions = {}): Promise<SyncSummary> {
  const ctx = toContext(envOrCtx);
  const locked = await ctx.db.tryWithLock(`sale_amazon.orders.${accountId}`, (held) => runSync(whileHeld(ctx, held), accountId, options));
  if (!locked.acquired) {
    return { runId: null, state: 'busy', message: 'Another synchronisation of this account is running; its results will show in the sync runs.', fetched: 0, created: 0, updated: 0, skipped: 0, failed: 0, retried: 0 };
  }
  return locked.value;
}

async function runSync(ctx: SyncContext, accountId: number, options: SyncOptions): Promise<SyncSummary> {
  await interruptStaleRuns(ctx, accountId, 'orders');
  const setup = await inTransaction(ctx, async (env) => {
    const found = await env.model('amazon.account').browse([accountId]).exists();
    if (!found.length) throw new UserError(`The Amazon account ${accountId} does not exist.`);
    const [account] = await found.fetch(['name', 'last_orders_sync', 'active_marketplace_ids', 'active']);
    const marketplaces = await env.model('amazon.marketplace').browse(account.active_marketplace_ids).fetch(['api_ref']);
    if (!marketplaces.length) throw new UserError(`Choose the marketplaces to synchronise on the Amazon account "${account.name}" first.`);
    const run = await env.model('amazon.sync.run').create({
      account_id: accountId, kind: 'orders', trigger: options.trigger ?? 'manual', started_at: nowOdoo(), window_start: account.last_orders_sync,
    });
    return {
      name: account.name as string, cursor: account.last_orders_sync as string, marketplaceIds: marketplaces.map((m) => m.api_ref as string), runId: run.ids[0],
      // Read once per run: where orders land (company, salesperson, team, location) is the account's setting when the run starts.
      info: await loadAccount(env, accountId),
    };
  });
  const progress: SyncProgress = { fetched: 0, created: 0, updated: 0, skipped: 0, failed: 0, retried: 0 };
  let port: SpApiPort | undefined = options.port;
  let state: SyncSummary['state'] = 'done';
  let message = '';
  const report = progressReporter(ctx, setup.runId, progress, options.progressEveryMs ?? PROGRESS_EVERY_MS);
  const runCache = new ImportRunCache();
  try {
    port ??= await inTransaction(ctx, (env) => createAccountPort(env, accountId));
    const retries = await retryDue(ctx, setup.info, port, progress, options, runCache);
    progress.retried = retries.retried;
    if (retries.stopped) {
      state = 'interrupted';
      message = retries.stopped;
    }
    const windowStart = new Date(Date.parse(`${setup.cursor.replace(' ', 'T')}Z`) - OVERLAP_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    let highWater: string | null = null;
    // The cursor may follow the orders only while Amazon returns them in date order.
    let inOrder = true;
    let lastDate = '';
    // A stop during the retries (time limit, server stopping, account unlinked) skips the pages.
    const pages = state === 'done'
      ? new PagePrefetcher(port.listChangedOrderPages({ marketplaceIds: setup.marketplaceIds, lastUpdatedAfter: windowStart, statuses: [...RELEVANT_STATUSES] }),
        ORDERS_FETCHED_AHEAD, () => port!.canReadAhead?.() ?? true)
      : null;
    try {
      for (let batch = await pages?.next(ORDERS_PER_TRANSACTION); batch; batch = await pages!.next(ORDERS_PER_TRANSACTION)) {
        const orders = batch.flatMap((page) => page.orders);
        highWater = batch.reduce<string | null>((high, page) => page.lastUpdatedBefore ?? high, highWater);
        const advances = orders.map((order) => {
          if (order.lastUpdateDate < lastDate) inOrder = false;
          lastDate = order.lastUpdateDate > lastDate ? order.lastUpdateDate : lastDate;
          return inOrder ? toOdooDatetime(order.lastUpdateDate) : null;
        });
        progress.fetched += orders.length;
        await importPage(ctx, setup.info, orders, advances, runCache, (i, outcome) => {
          progress[outcome]++;
          options.onProgress?.(progress, orders[i]);
        });
        await report();
        // The embedded database answers through promises alone: without this, HTTP requests and
        // timers of this process would wait for the whole run.
        await new Promise((resolve) => setImmediate(resolve));
        const stop = await stopReasonOf(ctx, accountId);
        if (stop) {
          state = 'interrupted';
          message = stop;
          break;
        }
      }
    } finally {
      // Our own port is closed below, which ends a fetch waiting for Amazon's rate limit at once.
      if (!options.port) port.close();
      await pages?.stop();
    }
    if (state === 'done' && highWater) {
      const end = toOdooDatetime(highWater);
      await inTransaction(ctx, (env) => advanceCursor(env, accountId, end));
    }
  } catch (error) {
    // Amazon kept refusing (quota, outage) beyond the adapter's retries, or the setup is wrong:
    // everything processed so far is committed and the cursor stands before what was not.
    state = progress.fetched || progress.retried ? 'interrupted' : 'failed';
    message = `Synchronisation stopped: ${errorText(error)}`;
  } finally {
    if (!options.port) port?.close();
  }
  if (!message) message = `${setup.name}: ${progress.fetched} orders read, ${progress.created} created, ${progress.updated} updated, ${progress.skipped} unchanged, ${progress.failed} to retry.`;
  // Tried again when the connection was just lost (what stopped the run, often): a run left
  // 'running' forever would look busy to the user and to anything waiting for it.
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(ctx, async (env) => env.model('amazon.sync.run').browse([setup.runId]).write({
        ...progress, state, message, finished_at: nowOdoo(),
        window_end: (await env.model('amazon.account').browse([accountId]).fetchOne(['last_orders_sync'])).last_orders_sync,
      }));
      break;
    } catch (error) {
      if (attempt >= 5 || !isTransientDatabaseError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  return { ...progress, runId: setup.runId, state, message };
}

/**
 * Writes the counts on the run record now and then (its own small transaction), so the account
 * form shows how far a long run is.
 */
function progressReporter(ctx: SyncContext, runId: number, progress: SyncProgress, everyMs: number): () => Promise<void> {
  let lastWrite = Date.now();
  return async () => {
    if (Date.now() - lastWrite < everyMs) return;
    lastWrite = Date.now();
    await inTransaction(ctx, (env) => env.cr.query(
      'UPDATE amazon_sync_run SET fetched = $2, created = $3, updated = $4, skipped = $5, failed = $6, retried = $7 WHERE id = $1',
      [runId, progress.fetched, progress.created, progress.updated, progress.skipped, progress.failed, progress.retried]));
  };
}

type Outcome = OrderOutcome | 'failed';

async function advanceCursor(env: Environment, accountId: number, to: string): Promise<void> {
  await env.cr.query('UPDATE amazon_account SET last_orders_sync = GREATEST(last_orders_sync, $2::timestamp) WHERE id = $1', [accountId, to]);
}

/**
 * A batch of orders (one or more of Amazon's pages), one transaction: its records, the resolved
 * sync log entries and the cursor move commit together. When the batch fails (a bad order, a
 * unique violation from an overlapping run), its orders are imported again one transaction each,
 * so a failing order is queued alone and the others are imported. A lost connection or a lost race stops the run with the cursor before the batch.
 *
 * @param advances per order, where the cursor may move once the order is durable (null: not past it)
 * @param onOutcome called with each order's outcome once it is durable
 */
async function importPage(ctx: SyncContext, account: AccountInfo, orders: AmazonOrder[], advances: (string | null)[],
  runCache: ImportRunCache, onOutcome: (index: number, outcome: Outcome) => void): Promise<void> {
  if (!orders.length) return;
  const pageAdvance = advances.filter((a): a is string => a !== null).at(-1);
  let outcomes: Outcome[];
  try {
    outcomes = await inTransaction(ctx, async (env) => {
      const results = await processOrders(env, account, orders);
      await resolveLogs(env, account.id, orders.map((o) => o.ref), results.map((r) => r.orderId));
      if (pageAdvance) await advanceCursor(env, account.id, pageAdvance);
      return results.map((r) => r.outcome);
    }, runCache);
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    for (const [i, order] of orders.entries()) onOutcome(i, await importOne(ctx, account, order, advances[i], runCache));
    return;
  }
  outcomes.forEach((outcome, i) => onOutcome(i, outcome));
}

/**
 * One order, one transaction: its records and the cursor move commit together. A failure rolls
 * back the order alone and queues it for retry, in a transaction of its own.
 */
async function importOne(ctx: SyncContext, account: AccountInfo, order: AmazonOrder, advanceTo: string | null, runCache?: ImportRunCache): Promise<Outcome> {
  const accountId = account.id;
  try {
    return await inTransaction(ctx, async (env) => {
      const { outcome, orderId } = await processOrder(env, account, order);
      await resolveLogs(env, accountId, [order.ref], [orderId]);
      if (advanceTo) await advanceCursor(env, accountId, advanceTo);
      return outcome;
    }, runCache);
  } catch (error) {
    // The database went away or the transaction lost a race: not the order's fault. The run stops
    // here with the cursor before this order, so the next run takes it again (it is not queued).
    if (isTransientDatabaseError(error)) throw error;
    if (isDuplicate(error) && (await alreadyImported(ctx, order.ref))) {
      // Another worker imported the same order at the same moment: it is done, not failed.
      return 'skipped';
    }
    await inTransaction(ctx, async (env) => {
      await queueFailure(env, accountId, order.ref, errorText(error));
      if (advanceTo) await advanceCursor(env, accountId, advanceTo);
    });
    return 'failed';
  }
}

function isDuplicate(error: unknown): boolean {
  const text = errorText(error);
  return /already been imported/.test(text);
}

/**
 * Whether the sales order of this Amazon order exists now. A unique violation on an item
 * reference alone (Amazon reusing an item id on another order) is a failure to keep, not a skip.
 */
async function alreadyImported(ctx: SyncContext, ref: string): Promise<boolean> {
  return inTransaction(ctx, async (env) => (await env.cr.query('SELECT 1 FROM sale_order WHERE amazon_order_ref = $1', [ref])).rows.length > 0);
}

/** The orders' entries waiting for a retry are done (one statement for a batch). */
async function resolveLogs(env: Environment, accountId: number, refs: string[], orderIds: (number | null)[]): Promise<void> {
  await env.cr.query(
    `UPDATE amazon_sync_log l SET state = 'done', sale_order_id = v.order_id, next_retry = NULL, write_date = now()
       FROM unnest($2::text[], $3::int[]) AS v(ref, order_id)
      WHERE l.account_id = $1 AND l.order_ref = v.ref AND l.state = 'retry'`,
    [accountId, refs, orderIds]);
}

/** Records (or re-records) a failed order with its error and when it will be tried again. */
export async function queueFailure(env: Environment, accountId: number, ref: string, error: string): Promise<void> {
  const logs = env.model('amazon.sync.log');
  const [existing] = await (await logs.search([['account_id', '=', accountId], ['order_ref', '=', ref]], { limit: 1 })).fetch(['attempts', 'state']);
  const attempts = (existing && existing.state === 'retry' ? existing.attempts : 0) + 1;
  const vals = {
    error, attempts, state: 'retry', last_attempt: nowOdoo(),
    next_retry: toOdooDatetime(new Date(Date.now() + retryDelayMs(attempts)).toISOString()),
  };
  if (existing) await logs.browse([existing.id]).write(vals);
  else await logs.create({ account_id: accountId, order_ref: ref, ...vals });
}

/**
 * Orders whose retry is due (or the given ones), fetched again one by one from Amazon. Stops
 * between two orders for the same reasons as the page loop (sync_stop); the orders not reached
 * stay queued for retry. Returns how many were fetched, and why it stopped early (or null).
 */
async function retryDue(ctx: SyncContext, account: AccountInfo, port: SpApiPort, progress: SyncProgress, options: SyncOptions, runCache: ImportRunCache, refs?: string[]): Promise<{ retried: number; stopped: string | null }> {
  const accountId = account.id;
  const due = await inTransaction(ctx, async (env) => {
    const domain: unknown[] = [['account_id', '=', accountId], ['state', '=', 'retry']];
    if (refs) domain.push(['order_ref', 'in', refs]);
    else domain.push(['next_retry', '<=', nowOdoo()]);
    return (await (await env.model('amazon.sync.log').search(domain, { order: 'next_retry, id' })).fetch(['order_ref'])).map((r) => r.order_ref as string);
  });
  let count = 0;
  for (const ref of due) {
    const stopped = await stopReasonOf(ctx, accountId);
    if (stopped) return { retried: count, stopped };
    let order: AmazonOrder | null;
    try {
      order = await port.getOrder(ref);
    } catch (error) {
      await inTransaction(ctx, (env) => queueFailure(env, accountId, ref, errorText(error)));
      progress.failed++;
      continue;
    }
    count++;
    if (!order) {
      await inTransaction(ctx, (env) => queueFailure(env, accountId, ref, 'Amazon does not know this order reference.'));
      progress.failed++;
      continue;
    }
    const outcome = await importOne(ctx, account, order, null, runCache);
    progress[outcome]++;
    options.onProgress?.(progress, order);
  }
  return { retried: count, stopped: null };
}

/**
 * The Retry button of the error list: fetches the given orders now, under the account's lock,
 * stopping between two orders like a run does. `stopped` says why it ended early, if it did.
 */
export async function retryLoggedOrders(ctx: SyncContext, accountId: number, options: { refs: string[]; port?: SpApiPort }): Promise<SyncProgress & { stopped: string | null }> {
  const progress: SyncProgress = { fetched: 0, created: 0, updated: 0, skipped: 0, failed: 0, retried: 0 };
  let stopped: string | null = null;
  const port = options.port ?? (await inTransaction(ctx, (env) => createAccountPort(env, accountId)));
  try {
    const account = await inTransaction(ctx, (env) => loadAccount(env, accountId));
    const locked = await ctx.db.tryWithLock(`sale_amazon.orders.${accountId}`, (held) => retryDue(whileHeld(ctx, held), account, port, progress, {}, new ImportRunCache(), options.refs));
    if (locked.acquired) ({ retried: progress.retried, stopped } = locked.value);
  } finally {
    if (!options.port) port.close();
  }
  return { ...progress, stopped };
}

const REF_PATTERN = /^\d{3}-\d{7}-\d{7}$/;

/**
 * Recovers one order by its reference, whatever the cursor says (wizard, CLI). Runs in the
 * caller's transaction when given an environment; returns the sales order id.
 */
export async function recoverOrder(env: Environment, accountId: number, rawRef: string, port?: SpApiPort): Promise<number> {
  const ref = String(rawRef ?? '').trim();
  if (!REF_PATTERN.test(ref)) throw new UserError(`"${ref}" is not an Amazon order reference: it looks like 123-1234567-1234567.`);
  const ownPort = port ?? (await createAccountPort(env, accountId));
  try {
    const order = await ownPort.getOrder(ref);
    if (!order) throw new UserError(`Amazon has no order ${ref} for this account.`);
    const [account] = await env.model('amazon.account').sudo().withContext({ active_test: false }).browse([accountId]).fetch(['active_marketplace_ids']);
    const { rows } = await env.cr.query<{ id: number }>('SELECT id FROM amazon_marketplace WHERE api_ref = $1', [order.marketplaceId]);
    if (!rows.length || !(account.active_marketplace_ids as number[]).includes(rows[0].id)) {
      throw new UserError(`The order ${ref} was placed on a marketplace this account does not synchronise.`);
    }
    const { orderId } = await processOrder(env.sudo(), await loadAccount(env.sudo(), accountId), order);
    if (!orderId) {
      throw new ValidationError(`The order ${ref} cannot be imported yet: it is ${order.status} and ${order.channel} orders are imported once ${order.channel === 'FBA' ? 'Amazon has shipped them' : 'they are paid and waiting to be shipped'}.`);
    }
    await resolveLogs(env.sudo(), accountId, [ref], [orderId]);
    return orderId;
  } finally {
    if (!port) ownPort.close();
  }
}
