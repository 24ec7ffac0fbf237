/**
 * Load on the sales order list: many concurrent `search_read` calls (80 rows, the list's
 * fields, one many2one) through /web/dataset/call_kw with a web session, against a database of
 * 100,000 Amazon orders, served by `npm start -- --workers N` (1 and 2) on PostgreSQL.
 * Baseline in the same script: a bare HTTP server (its own process, like the ERP's) answering
 * the same page with one hand-written SQL query serialised to JSON, under the same load.
 * Prints requests/s and p50/p95/p99 latency for each, and the ratios to the baseline.
 *
 *   npx tsx bench/rpc_load.ts [--orders 100000] [--seconds 10] [--connections 16] [--workers 1,2]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_CONFIG, createApp } from '../addons/base/http/app';
import { withDatabase } from '../addons/base/db/postgres';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    workers: { type: 'string', default: '1,2' },
    'db-url': { type: 'string' },
    'serve-floor': { type: 'boolean', default: false },
  },
});
const ORDERS = Number(values.orders);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const DB_URL = values['db-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'bench_rpc_load';
const FIELDS = ['name', 'date_order', 'partner_id', 'amazon_order_ref', 'amazon_channel', 'amount_total', 'state'];
const LIMIT = 80;
const PAGES = 50;

interface LoadResult { rps: number; p50: number; p95: number; p99: number; errors: number }

/** 100,000 confirmed Amazon orders for 10,000 customers, inserted by SQL (setup, not measured). */
async function seed(): Promise<void> {
  const app = await createApp({ ...DEFAULT_CONFIG, dbUrl: DB_URL, dbName: DB_NAME, demo: false }, { log: (l) => console.log(`  ${l}`) });
  await app.db.transaction(async (cr) => {
    const { rows } = await cr.query<{ n: number }>('SELECT count(*)::int AS n FROM sale_order WHERE amazon_order_ref IS NOT NULL');
    if (rows[0].n >= ORDERS) return;
    await cr.query(`INSERT INTO res_partner (name, email, type, is_company, active, lang, customer_rank, supplier_rank, create_date, write_date)
      SELECT 'Amazon Buyer ' || g, 'buyer' || g || '@marketplace.amazon.com', 'contact', false, true, 'en_US', 1, 0, now(), now() FROM generate_series(1, 10000) g`);
    await cr.query(`UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL`);
    await cr.query(`INSERT INTO sale_order (name, state, date_order, partner_id, partner_invoice_id, partner_shipping_id, user_id, team_id, company_id,
        pricelist_id, currency_id, amount_untaxed, amount_tax, amount_total, amazon_order_ref, amazon_channel, locked, create_date, write_date)
      SELECT 'S' || lpad(g::text, 6, '0'), 'sale', (now() AT TIME ZONE 'UTC') - make_interval(mins => g), p.ids[1 + g % array_length(p.ids, 1)],
             p.ids[1 + g % array_length(p.ids, 1)], p.ids[1 + g % array_length(p.ids, 1)], 2, (SELECT min(id) FROM crm_team), 1,
             pl.id, pl.currency_id, (g % 500) + 9.99, round(((g % 500) + 9.99) * 0.2, 2), round(((g % 500) + 9.99) * 1.2, 2),
             lpad((g % 999)::text, 3, '0') || '-' || lpad(g::text, 7, '0') || '-' || lpad((g * 7 % 9999999)::text, 7, '0'),
             CASE WHEN g % 3 = 0 THEN 'fba' ELSE 'fbm' END, false, now(), now()
        FROM generate_series(1, $1::int) g,
             (SELECT array_agg(id) AS ids FROM res_partner WHERE name LIKE 'Amazon Buyer %') p,
             (SELECT id, currency_id FROM product_pricelist ORDER BY id LIMIT 1) pl`, [ORDERS]);
    await cr.query('ANALYZE sale_order');
    await cr.query('ANALYZE res_partner');
  });
  await app.db.close();
}

function post(agent: Agent, port: number, path: string, body: string, cookie?: string): Promise<{ status: number; text: string; setCookie?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), setCookie: res.headers['set-cookie']?.[0]?.split(';')[0] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const pageBody = (i: number) => JSON.stringify({ jsonrpc: '2.0', method: 'call', id: i, params: {
  model: 'sale.order', method: 'search_read', args: [], kwargs: { domain: [['amazon_order_ref', '!=', false]], fields: FIELDS, limit: LIMIT, offset: (i % PAGES) * LIMIT, order: 'date_order desc, id desc' },
} });

/** CONNECTIONS loops sending requests back to back for SECONDS; every request timed. */
async function load(port: number, path: string, cookie?: string): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  let seq = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < until) {
      const start = process.hrtime.bigint();
      const response = await post(agent, port, path, pageBody(++seq), cookie).catch(() => null);
      const ok = response?.status === 200 && !response.text.includes('"error"');
      if (ok) latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      else errors += 1;
    }
  }));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
  return { rps: latencies.length / SECONDS, p50: at(0.5), p95: at(0.95), p99: at(0.99), errors };
}

/**
 * The floor: the same page from one SQL query (names joined), JSON-RPC envelope, no ORM. It runs
 * in its own process, like the ERP, so the load generator does not steal its CPU.
 */
async function serveFloor(): Promise<void> {
  const pool = new pg.Pool({ connectionString: withDatabase(DB_URL, DB_NAME), max: CONNECTIONS });
  // What a careful developer would write by hand: page the orders on their index, then join
  // the customer names of those 80 rows only; a named (prepared) statement.
  const sql = `WITH page AS (SELECT id, name, date_order, partner_id, amazon_order_ref, amazon_channel, amount_total, state FROM sale_order
                              WHERE amazon_order_ref IS NOT NULL ORDER BY date_order DESC, id DESC LIMIT ${LIMIT} OFFSET $1)
               SELECT o.id, o.name, to_char(o.date_order, 'YYYY-MM-DD HH24:MI:SS') AS date_order, o.partner_id, p.name AS partner_name,
                      o.amazon_order_ref, o.amazon_channel, o.amount_total::float8 AS amount_total, o.state
                 FROM page o JOIN res_partner p ON p.id = o.partner_id ORDER BY o.date_order DESC, o.id DESC`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const { rows } = await pool.query({ name: 'floor_page', text: sql, values: [body.params.kwargs.offset] });
      const result = rows.map((r) => ({ id: r.id, name: r.name, date_order: r.date_order, partner_id: [r.partner_id, r.partner_name], amazon_order_ref: r.amazon_order_ref, amazon_channel: r.amazon_channel, amount_total: r.amount_total, state: r.state }));
      const text = JSON.stringify({ jsonrpc: '2.0', id: body.id, result });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`floor listening on ${(server.address() as AddressInfo).port}`);
}

async function startFloor(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(join(__dirname, '..', 'node_modules', '.bin', 'tsx'), [__filename, '--serve-floor', '--db-url', DB_URL, '--connections', String(CONNECTIONS)],
    { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /floor listening on (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
  });
  return { child, port };
}

async function startErp(workers: number): Promise<{ child: ChildProcess; port: number }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const child = spawn(join(__dirname, '..', 'node_modules', '.bin', 'tsx'), [join(__dirname, '..', 'bin', 'erp.ts'), 'serve',
    '--workers', String(workers), '--db-url', DB_URL, '--db-name', DB_NAME, '--port', String(port), '--no-demo', '--no-cron'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const deadline = Date.now() + 120_000;
  const agent = new Agent();
  for (;;) {
    const ok = await post(agent, port, '/web/webclient/version_info', '{"jsonrpc":"2.0","method":"call","params":{}}').then((r) => r.status === 200, () => false);
    // With several workers, wait until each has had time to start listening.
    if (ok) { await new Promise((r) => setTimeout(r, 2000 * workers)); break; }
    if (Date.now() > deadline) throw new Error('The ERP did not start within 2 minutes.');
    await new Promise((r) => setTimeout(r, 500));
  }
  agent.destroy();
  return { child, port };
}

async function login(port: number): Promise<string> {
  const response = await post(new Agent(), port, '/web/session/authenticate', JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { db: DB_NAME, login: 'admin', password: 'admin' } }));
  if (!response.setCookie) throw new Error(`Login failed: ${response.text.slice(0, 200)}`);
  return response.setCookie;
}

function line(label: string, r: LoadResult, base?: LoadResult): string {
  const ratios = base ? `   rps ratio ${(r.rps / base.rps).toFixed(2)}  p50 ratio ${(r.p50 / base.p50).toFixed(2)}` : '';
  return `  ${label.padEnd(22)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  errors ${r.errors}${ratios}`;
}

async function main(): Promise<void> {
  console.log(`seeding ${ORDERS} Amazon orders in "${DB_NAME}" (setup, not measured)`);
  await seed();
  const baseline = await startFloor();
  await load(baseline.port, '/'); // warm-up
  const floor = await load(baseline.port, '/');
  process.kill(-baseline.child.pid!, 'SIGTERM');
  console.log(`search_read of ${LIMIT} sale orders, ${FIELDS.length} fields, ${CONNECTIONS} connections, ${SECONDS} s each`);
  console.log(line('raw SQL + JSON (floor)', floor));
  for (const workers of String(values.workers).split(',').map(Number)) {
    const erp = await startErp(workers);
    try {
      const cookie = await login(erp.port);
      await load(erp.port, '/web/dataset/call_kw/sale.order/search_read', cookie); // warm-up
      const result = await load(erp.port, '/web/dataset/call_kw/sale.order/search_read', cookie);
      console.log(line(`ERP, ${workers} worker${workers > 1 ? 's' : ''}`, result, floor));
    } finally {
      process.kill(-erp.child.pid!, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

(values['serve-floor'] ? serveFloor() : main().then(() => process.exit(0))).catch((error) => {
  console.error(error);
  process.exit(1);
});
