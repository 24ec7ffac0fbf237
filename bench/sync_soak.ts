/**
 * Soak: the sandbox generates orders continuously at 10× a peak rate while the order sync runs
 * every few seconds (as the cron would) and warehouse users validate FBM deliveries through RPC.
 * Every 30 s it prints the import lag (age of the newest imported order), heap and RSS, and the
 * failures; at the end whether the import kept up, whether memory stayed flat and whether
 * anything failed.
 *
 * "Peak" is taken as 1,000 orders an hour (a large seller's busiest hour); the default load is
 * 10× that. Rate limits are off in the sandbox: this measures our side, not Amazon's pacing
 * (bench/sp_api_pacing measures that).
 *
 *   npx tsx --expose-gc bench/sync_soak.ts [--minutes 10] [--per-hour 10000] [--time-scale 12] [--engine postgres|pglite]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG, createApp, listen } from '../addons/base/http/app';
import type { App } from '../addons/base/http/routes';
import { startSandbox } from '../addons/sale_amazon/sandbox/server';
import { configureSpApi } from '../addons/sale_amazon/services/port_factory';
import { USAGE_PLANS } from '../addons/sale_amazon/sp_api/usage_plans';
import { syncOrders } from '../addons/sale_amazon/services/order_import';
import { Environment } from '../addons/base/orm/environment';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'per-hour': { type: 'string', default: '10000' },
    engine: { type: 'string', default: 'postgres' },
    'time-scale': { type: 'string', default: '12' },
    'db-url': { type: 'string' },
  },
});
const MINUTES = Number(values.minutes);
const PER_HOUR = Number(values['per-hour']);
/**
 * Amazon time runs this much faster than real time, so orders go through their life cycle
 * (paid after 5-30 min, shipped hours later) within the soak; generation is scaled down by the
 * same factor so PER_HOUR stays the real-time order rate.
 */
const TIME_SCALE = Number(values['time-scale']);
const DB_URL = values['db-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const DB_NAME = `bench_sync_soak_${Date.now().toString(36)}`;
const SYNC_EVERY_MS = 5000;
const VALIDATE_EVERY_MS = 2000;
const REPORT_EVERY_MS = 30_000;

const toOdoo = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/** The sandbox sells on these marketplaces; an account talks to one Amazon region, so one registration each. */
const REGIONS: Record<string, string[]> = { 'North America': ['us', 'ca'], Europe: ['de', 'fr', 'uk', 'it', 'es'], 'Far East': ['jp'] };

async function createAccounts(app: App, sandbox: Awaited<ReturnType<typeof startSandbox>>): Promise<number[]> {
  return app.db.transaction(async (cr) => {
    const env = new Environment(app.registry, cr, 1);
    env.cache.db = app.db;
    const c = sandbox.credentials;
    await cr.query(`INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.lwa_client_id', $1), ('sale_amazon.lwa_client_secret', $2)`, [c.clientId, c.clientSecret]);
    const ids: number[] = [];
    for (const [region, codes] of Object.entries(REGIONS)) {
      const marketplaces = await Promise.all(codes.map((code) => env.refId(`sale_amazon.marketplace_${code}`))) as number[];
      const account = await env.model('amazon.account').create({
        name: `Soak ${region}`, seller_key: c.sellerId, refresh_token: c.refreshToken, base_marketplace_id: marketplaces[0],
        available_marketplace_ids: [[6, 0, marketplaces]], active_marketplace_ids: [[6, 0, marketplaces]],
        last_orders_sync: toOdoo(Date.parse(sandbox.control.now()) - 60_000),
      });
      ids.push(account.ids[0]);
    }
    // Carriers the warehouse uses when it validates deliveries.
    await env.model('delivery.carrier').create({ name: 'UPS', delivery_type: 'fixed', product_id: await env.refId('delivery.product_product_delivery') });
    return ids;
  });
}

/** A warehouse user: validates ready Amazon FBM deliveries with a carrier and tracking number, through RPC. */
async function validateDeliveries(url: string, cookie: string, counters: { validated: number; rpcErrors: number }): Promise<void> {
  let seq = 0;
  const call = async (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => {
    const response = await fetch(`${url}/web/dataset/call_kw/${model}/${method}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: ++seq, params: { model, method, args, kwargs } }),
    });
    const body = await response.json() as { result?: any; error?: { data: { message: string } } };
    if (body.error) throw new Error(body.error.data.message);
    return body.result;
  };
  const [carrier] = await call('delivery.carrier', 'search', [[['name', '=', 'UPS']]]);
  const pickings: number[] = await call('stock.picking', 'search', [[['state', '=', 'assigned'], ['picking_type_code', '=', 'outgoing'], ['sale_id.amazon_channel', '=', 'fbm']]], { limit: 10 });
  for (const id of pickings) {
    try {
      await call('stock.picking', 'write', [[id], { carrier_id: carrier, carrier_tracking_ref: `1Z${id}${Date.now() % 100000}` }]);
      await call('stock.picking', 'action_set_quantities_to_reservation', [[id]]);
      await call('stock.picking', 'button_validate', [[id]]);
      counters.validated += 1;
    } catch {
      counters.rpcErrors += 1;
    }
  }
}

async function main(): Promise<void> {
  let dataDir: string | undefined;
  const config = values.engine === 'pglite'
    ? { ...DEFAULT_CONFIG, port: 0, dataDir: (dataDir = mkdtempSync(join(tmpdir(), 'soak-'))), dbName: DB_NAME, demo: false }
    : { ...DEFAULT_CONFIG, port: 0, dbUrl: DB_URL, dbName: DB_NAME, demo: false };
  const app = await createApp(config, { addons: ['sale_amazon'] });
  const sandbox = await startSandbox({ timeScale: TIME_SCALE, enforceRateLimits: false, trafficPerHour: PER_HOUR / TIME_SCALE, seed: 7 });
  // Our adapter paces to Amazon's usage plans; unpaced here, as the sandbox does not enforce them.
  const unpaced = Object.fromEntries(Object.keys(USAGE_PLANS).map((key) => [key, { rate: 1000, burst: 1000 }]));
  configureSpApi({ endpoint: sandbox.url, clock: sandbox.clock, usagePlans: unpaced });
  const accountIds = await createAccounts(app, sandbox);
  const server = await listen(app);
  const url = `http://127.0.0.1:${server.port}`;
  const auth = await fetch(`${url}/web/session/authenticate`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { db: DB_NAME, login: 'admin', password: 'admin' } }),
  });
  const cookie = (auth.headers.get('set-cookie') ?? '').split(';')[0];

  const counters = { syncs: 0, syncFailures: 0, ordersFailed: 0, validated: 0, rpcErrors: 0 };
  const heap: number[] = [];
  const started = Date.now();
  const until = started + MINUTES * 60_000;
  console.log(`soak: ${MINUTES} min, ${PER_HOUR} orders/hour generated, sync every ${SYNC_EVERY_MS / 1000} s, deliveries validated every ${VALIDATE_EVERY_MS / 1000} s (${values.engine})`);

  const syncLoop = (async () => {
    while (Date.now() < until) {
      for (const accountId of accountIds) {
        const summary = await syncOrders({ db: app.db, registry: app.registry }, accountId, { trigger: 'cron' }).catch((error) => {
          counters.syncFailures += 1;
          console.error(`  sync failed: ${(error as Error).message}`);
          return null;
        });
        if (summary) counters.ordersFailed += summary.failed;
      }
      counters.syncs += 1;
      await new Promise((r) => setTimeout(r, SYNC_EVERY_MS));
    }
  })();
  const userLoop = (async () => {
    while (Date.now() < until) {
      await validateDeliveries(url, cookie, counters).catch(() => { counters.rpcErrors += 1; });
      await new Promise((r) => setTimeout(r, VALIDATE_EVERY_MS));
    }
  })();
  const lag = async () => {
    const here = await app.db.transaction(async (cr) => (await cr.query<{ n: number }>('SELECT count(*)::int AS n FROM sale_order WHERE amazon_order_ref IS NOT NULL')).rows[0].n);
    const pending = await app.db.transaction(async (cr) => (await cr.query<{ newest: string | null }>('SELECT max(date_order)::text AS newest FROM sale_order WHERE amazon_order_ref IS NOT NULL')).rows[0].newest);
    return { requests: sandbox.control.stats.requests, here, newest: pending };
  };
  const reportLoop = (async () => {
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, REPORT_EVERY_MS));
      (global as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      heap.push(memory.heapUsed);
      const l = await lag();
      // Lag in real seconds: how far the newest imported order's date is behind Amazon's clock.
      const lagSeconds = l.newest ? (Date.parse(sandbox.control.now()) - Date.parse(`${l.newest.replace(' ', 'T')}Z`)) / 1000 / TIME_SCALE : NaN;
      console.log(`  t+${Math.round((Date.now() - started) / 1000)}s  orders here ${l.here} (${l.requests} SP-API calls)  newest order ${lagSeconds.toFixed(0)} s old  heap ${mb(memory.heapUsed)}  rss ${mb(memory.rss)}  syncs ${counters.syncs}  validated ${counters.validated}  failures: sync ${counters.syncFailures}, orders ${counters.ordersFailed}, rpc ${counters.rpcErrors}`);
    }
  })();
  await Promise.all([syncLoop, userLoop, reportLoop]);
  // One last sync catches up with the last window; then compare.
  for (const accountId of accountIds) await syncOrders({ db: app.db, registry: app.registry }, accountId, { trigger: 'cron' });
  const final = await lag();
  const firstHalf = heap.slice(0, Math.max(1, Math.floor(heap.length / 2)));
  const secondHalf = heap.slice(Math.floor(heap.length / 2));
  const avg = (list: number[]) => list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
  const growth = avg(secondHalf) / avg(firstHalf);
  console.log(`result: ${final.here} orders imported; heap second half / first half ${growth.toFixed(2)} (${growth < 1.2 ? 'flat' : 'GROWING'}); failures: sync ${counters.syncFailures}, orders ${counters.ordersFailed}, rpc ${counters.rpcErrors}; deliveries validated ${counters.validated}`);
  await server.close();
  await sandbox.close();
  await app.db.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
