/**
 * Order import throughput: sandbox orders (rate limits off) imported by the real import service
 * (syncOrders: pages read ahead, up to 500 orders per transaction, with partners, offers, confirmed
 * sales orders, FBM deliveries, FBA moves, cursor and run record) against a floor measured in the same
 * run: the very rows the import wrote, copied into a twin database (same install, same account) by
 * plain batched SQL.
 *
 * The orders are fetched from the sandbox once, before timing, and replayed to the import by an
 * in-memory port: the figure is the ERP's work, not the sandbox's rendering and validation (the
 * adapter's own throughput is bench/sp_api_pacing.ts). Printed per engine: orders/s, SQL queries per
 * order, floor orders/s and the ratio. Goal on PostgreSQL: >= 1,000 orders/s and ratio <= 5.
 *
 * Measured 2026-11-26 on a quiet 2-core machine, 10,000 orders (9,495 created): PostgreSQL 1,225
 * orders/s, 0.3 queries/order, floor 3,707 orders/s, ratio 3.03 (back-to-back runs: 1,070-1,230);
 * PGlite 902 orders/s, floor 2,174 orders/s, ratio 2.41. Before: ~24 orders/s and 249
 * queries/order (one transaction per order, per-record ORM), then 539 orders/s, ratio 6.4 (a page
 * per transaction, batched ORM). What took it further: pages read ahead and imported up to 500
 * orders per transaction, INSERT from unnest arrays, fetches flushing only what could change what
 * they read, moves created confirmed (FBM) or done (FBA), transfer state precomputed, FBA lines
 * created delivered, batched writes of per-record values. The time left is mostly PostgreSQL's:
 * the INSERTs themselves (about the floor) and the orders' totals, the FBM moves' reservation and
 * the partners' commercial partner, written by an UPDATE of rows the transaction inserted.
 *
 *   npm run bench -- order_import [-- --orders 10000 --engines postgres,pglite]
 *   PostgreSQL URL: --db-url, or DATABASE_URL / TEST_DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/postgres)
 *   Where the time goes: --queries 30 prints the 30 statements that took the most time in all (with their count per order).
 *   CPU profile of the import alone: --profile import.cpuprofile writes postgres-import.cpuprofile
 *   (open it in Chrome's DevTools, or summarise it: npx tsx bench/tools/profile_summary.ts FILE).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Cursor, Database } from '../addons/base/db/database';
import { iso } from '../addons/sale_amazon/sp_api/clock';
import type { SpApiPort } from '../addons/sale_amazon/sp_api/port';
import type { OrderPage } from '../addons/sale_amazon/sp_api/types';
import { syncOrders } from '../addons/sale_amazon/services/order_import';
import { createTestDatabase, type Engine, type TestDatabase } from '../tests/support/db';
import { sandboxAdapter, startSandbox, type Sandbox } from '../tests/support/sandbox';

const DAY = 86400_000;
const MARKETPLACE_CODES = ['us', 'ca'];
const FLOOR_BATCH_ROWS = 1000;

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '10000' },
    engines: { type: 'string', default: 'postgres,pglite' },
    'db-url': { type: 'string' },
    /** print the statements of the import that took the most time (where the time and queries go) */
    queries: { type: 'string', default: '0' },
    /** write a CPU profile of the import alone (not the set-up or the floor) to this file */
    profile: { type: 'string' },
  },
});
const TOP_QUERIES = Number(values.queries);
const ORDERS = Number(values.orders);
process.env.TEST_DATABASE_URL = values['db-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/** Every changed order of the generated traffic, page by page, as the adapter returns them. */
async function fetchPages(sandbox: Sandbox, after: string): Promise<OrderPage[]> {
  const port = sandboxAdapter(sandbox, { requestTimeoutMs: 60_000 });
  const pages: OrderPage[] = [];
  try {
    for await (const page of port.listChangedOrderPages({ marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'], lastUpdatedAfter: after, statuses: ['Unshipped', 'Shipped', 'Canceled'] })) pages.push(page);
  } finally {
    port.close();
  }
  return pages;
}

/** A port that hands the import the pages fetched beforehand; anything else is a benchmark bug. */
function replayPort(pages: OrderPage[]): SpApiPort {
  const port: Partial<SpApiPort> = {
    ordersApiVersion: '2026-01-01',
    async *listChangedOrderPages() {
      yield* pages;
    },
    // The pages are all here already: reading ahead costs no Amazon quota.
    canReadAhead: () => true,
    close() {},
  };
  return new Proxy(port as SpApiPort, {
    get(target, key) {
      if (key in target) return target[key as keyof SpApiPort];
      throw new Error(`bench/order_import: the import called port.${String(key)}, which the replay port does not serve`);
    },
  });
}

/** The account the import works for, identical (same ids) in the measured and the floor database. */
async function setUpAccount(t: TestDatabase, sandbox: Sandbox, cursor: string): Promise<number> {
  return t.commit(async (env) => {
    const c = sandbox.credentials;
    await env.cr.query(`INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.lwa_client_id', $1), ('sale_amazon.lwa_client_secret', $2)`, [c.clientId, c.clientSecret]);
    const ids = await Promise.all(MARKETPLACE_CODES.map((code) => env.refId(`sale_amazon.marketplace_${code}`)));
    const account = await env.model('amazon.account').sudo().create({
      name: 'Bench NA', seller_key: c.sellerId, refresh_token: c.refreshToken, base_marketplace_id: ids[0],
      available_marketplace_ids: [[6, 0, ids]], active_marketplace_ids: [[6, 0, ids]], last_orders_sync: cursor,
    });
    return account.ids[0];
  });
}

/** Counts the queries of every transaction the database runs from now on (and their shapes, when asked). */
function countQueries(db: Database): { readonly total: number; readonly shapes: Map<string, { n: number; ms: number }> } {
  const counter = { total: 0, shapes: new Map<string, { n: number; ms: number }>() };
  const transaction = db.transaction.bind(db);
  db.transaction = <T>(fn: (cr: Cursor) => Promise<T>) => transaction(async (cr) => {
    if (TOP_QUERIES) {
      const query = cr.query.bind(cr);
      cr.query = (async (sql: string, params?: unknown[], options?: unknown) => {
        const shape = sql.replace(/\s+/g, ' ').slice(0, 150);
        const stat = counter.shapes.get(shape) ?? counter.shapes.set(shape, { n: 0, ms: 0 }).get(shape)!;
        stat.n++;
        const start = performance.now();
        try {
          return await (query as (...args: unknown[]) => Promise<unknown>)(sql, params, options);
        } finally {
          // Time until the answer came back (the query's own work plus its round trip and any wait).
          stat.ms += performance.now() - start;
        }
      }) as Cursor['query'];
    }
    try {
      return await fn(cr);
    } finally {
      counter.total += (cr as Cursor & { queryCount?: number }).queryCount ?? 0;
    }
  });
  return counter;
}

/**
 * PostgreSQL writes the pages dirtied so far (the set-up, an earlier run) now rather than during
 * the timed part: without it, back-to-back runs measured each other's writes (10-20% apart).
 */
async function checkpoint(engine: Engine, t: TestDatabase): Promise<void> {
  if (engine !== 'postgres') return;
  try {
    await t.db.transaction((cr) => cr.query('CHECKPOINT'));
  } catch (error) {
    console.log(`  (no CHECKPOINT before timing: ${(error as Error).message}; figures may include earlier writes)`);
  }
}

async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return session;
}

async function stopProfiler(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  console.log(`  CPU profile of the import written to ${file}`);
}

interface TableRows {
  table: string;
  rows: unknown[];
}

async function userTables(t: TestDatabase): Promise<{ table: string; hasId: boolean }[]> {
  return t.rollback(async (_env, cr) => (await cr.query<{ table: string; has_id: boolean }>(
    `SELECT c.relname AS table, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped) AS has_id
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`)).rows.map((r) => ({ table: r.table, hasId: r.has_id })));
}

/** Max id of tables with one, full contents of the others (relation tables), to diff after the import. */
async function snapshot(t: TestDatabase): Promise<Map<string, number | Set<string>>> {
  const tables = await userTables(t);
  return t.rollback(async (_env, cr) => {
    const marks = new Map<string, number | Set<string>>();
    for (const { table, hasId } of tables) {
      if (hasId) marks.set(table, (await cr.query<{ max: number | null }>(`SELECT max(id) AS max FROM "${table}"`)).rows[0].max ?? 0);
      else marks.set(table, new Set((await cr.query<{ row: string }>(`SELECT to_json(t)::text AS row FROM "${table}" t`)).rows.map((r) => r.row)));
    }
    return marks;
  });
}

/** The rows the import added, table by table (JSON rows, ordered by id). */
async function newRows(t: TestDatabase, before: Map<string, number | Set<string>>): Promise<TableRows[]> {
  return t.rollback(async (_env, cr) => {
    const out: TableRows[] = [];
    for (const [table, mark] of before) {
      const rows = typeof mark === 'number'
        ? (await cr.query<{ row: unknown }>(`SELECT to_json(t) AS row FROM "${table}" t WHERE id > $1 ORDER BY id`, [mark])).rows.map((r) => r.row)
        : (await cr.query<{ row: string }>(`SELECT to_json(t)::text AS row FROM "${table}" t`)).rows.filter((r) => !mark.has(r.row)).map((r) => JSON.parse(r.row));
      if (rows.length) out.push({ table, rows });
    }
    return out;
  });
}

/** Tables in an order where every foreign key points to a table already filled (cycles broken by name). */
async function insertionOrder(t: TestDatabase, tables: TableRows[]): Promise<TableRows[]> {
  const names = new Set(tables.map((x) => x.table));
  const edges = await t.rollback(async (_env, cr) => (await cr.query<{ child: string; parent: string }>(
    `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint WHERE contype = 'f'`)).rows);
  const parents = new Map<string, Set<string>>();
  for (const e of edges) {
    const child = e.child.replace(/"/g, '');
    const parent = e.parent.replace(/"/g, '');
    if (child !== parent && names.has(child) && names.has(parent)) (parents.get(child) ?? parents.set(child, new Set()).get(child)!).add(parent);
  }
  const ordered: TableRows[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const parent of parents.get(name) ?? []) visit(parent);
    visiting.delete(name);
    done.add(name);
    ordered.push(tables.find((x) => x.table === name)!);
  };
  for (const x of tables) visit(x.table);
  return ordered;
}

/** The floor: the same rows by batched INSERT ... SELECT FROM json_populate_recordset, a transaction per batch. */
async function insertFloor(t: TestDatabase, tables: TableRows[]): Promise<number> {
  const start = performance.now();
  for (const { table, rows } of tables) {
    for (let i = 0; i < rows.length; i += FLOOR_BATCH_ROWS) {
      const batch = JSON.stringify(rows.slice(i, i + FLOOR_BATCH_ROWS));
      await t.db.transaction((cr) => cr.query(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`, [batch]));
    }
  }
  return performance.now() - start;
}

async function bench(engine: Engine, sandbox: Sandbox, pages: OrderPage[], cursor: string): Promise<void> {
  const setupStart = performance.now();
  const t = await createTestDatabase(engine, { addons: ['sale_amazon'] });
  const floorDb = await createTestDatabase(engine, { addons: ['sale_amazon'] });
  try {
    const accountId = await setUpAccount(t, sandbox, cursor);
    const floorAccountId = await setUpAccount(floorDb, sandbox, cursor);
    if (floorAccountId !== accountId) throw new Error('the floor database does not mirror the measured one');
    const before = await snapshot(t);
    await checkpoint(engine, t);
    const queries = countQueries(t.db);
    const start = performance.now();
    console.log(`${engine}: databases ready in ${((start - setupStart) / 1000).toFixed(1)} s`);
    const profiler = values.profile ? await startProfiler() : null;
    const summary = await syncOrders({ db: t.db, registry: t.registry }, accountId, { trigger: 'cli', port: replayPort(pages) });
    const importMs = performance.now() - start;
    if (profiler) await stopProfiler(profiler, join(dirname(values.profile!), `${engine}-${basename(values.profile!)}`));
    const importQueries = queries.total;
    const shapes = [...queries.shapes].sort((x, y) => y[1].ms - x[1].ms).slice(0, TOP_QUERIES);
    if (summary.state !== 'done') throw new Error(`the import did not finish: ${summary.message}`);
    // The generator sends a few orders without currency (as Amazon does); the import queues them for retry.
    const failures = await t.rollback(async (_env, cr) => (await cr.query<{ error: string; n: number }>(
      "SELECT regexp_replace(error, '\\d{3}-\\d{7}-\\d{7}', '<ref>') AS error, count(*)::int AS n FROM amazon_sync_log GROUP BY 1")).rows);

    const rows = await newRows(t, before);
    const ordered = await insertionOrder(t, rows);
    await checkpoint(engine, floorDb);
    const floorMs = await insertFloor(floorDb, ordered);
    const fetched = summary.fetched;
    const rate = fetched / (importMs / 1000);
    const floorRate = fetched / (floorMs / 1000);
    const ratio = importMs / floorMs;
    const rowCount = rows.reduce((n, x) => n + x.rows.length, 0);
    console.log(`${engine}: ${fetched} orders (${summary.created} created, ${summary.skipped} skipped: cancelled before import, ${summary.failed} queued for retry) in ${(importMs / 1000).toFixed(1)} s`);
    console.log(`  import : ${rate.toFixed(0)} orders/s, ${(importQueries / fetched).toFixed(1)} queries/order, ${(importMs / fetched).toFixed(2)} ms/order`);
    console.log(`  floor  : ${floorRate.toFixed(0)} orders/s (${rowCount} rows in ${rows.length} tables, batched SQL, ${(floorMs / 1000).toFixed(2)} s)`);
    console.log(`  ratio  : ${ratio.toFixed(2)} (import time / floor time)${engine === 'postgres' ? `   goal >= 1000 orders/s: ${rate >= 1000 ? 'met' : 'NOT met'}, ratio <= 5: ${ratio <= 5 ? 'met' : 'NOT met'}` : ''}`);
    for (const f of failures) console.log(`  queued for retry: ${f.n} x ${f.error}`);
    if (shapes.length) console.log(`  where the import time goes (statements by total time, ${(importMs / 1000).toFixed(1)} s in all):`);
    for (const [shape, { n, ms }] of shapes) console.log(`  ${(ms / 1000).toFixed(2).padStart(6)} s ${String(n).padStart(6)}x ${(n / fetched).toFixed(2).padStart(6)}/order  ${shape}`);
    const biggest = [...rows].sort((a, b) => b.rows.length - a.rows.length).slice(0, 8).map((x) => `${x.table} ${x.rows.length}`).join(', ');
    console.log(`  rows   : ${biggest}`);
  } finally {
    await t.close();
    await floorDb.close();
  }
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ timeScale: 1000, enforceRateLimits: false, seed: 17 });
  try {
    const now = sandbox.clock.now();
    // Old enough that every generated life cycle is over: the statuses are final while we read.
    sandbox.control.generateOrders({ count: ORDERS, from: now - 40 * DAY, to: now - 10 * DAY, marketplaces: ['US', 'CA'] });
    const after = now - 41 * DAY;
    const t0 = performance.now();
    const pages = await fetchPages(sandbox, iso(after));
    const fetched = pages.reduce((n, p) => n + p.orders.length, 0);
    console.log(`fetched ${fetched} orders in ${pages.length} pages from the sandbox in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below)`);
    const cursor = new Date(after + 5 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    for (const engine of String(values.engines).split(',').map((e) => e.trim()).filter(Boolean)) {
      if (engine !== 'postgres' && engine !== 'pglite') throw new Error(`Unknown engine ${engine}`);
      await bench(engine, sandbox, pages, cursor);
    }
  } finally {
    await sandbox.close();
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
