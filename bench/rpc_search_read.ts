/**
 * search_read over /jsonrpc (object.execute_kw, the whole kernel path: HTTP, JSON-RPC, credential
 * check, access rights, record rules, domain, read, many2one names) against the same 80 rows
 * fetched by ONE hand-written SQL query (country name joined) and serialised to JSON, measured
 * in the same run on the same database. 100,000 partners, each with a country.
 * Prints median and p95 latency of both and their ratio. Goal: ratio <= 2 on PostgreSQL.
 *
 *   npx tsx bench/rpc_search_read.ts [--engines postgres,pglite] [--rows 100000] [--iterations 300]
 *   PostgreSQL URL: --db-url, or DATABASE_URL / TEST_DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/postgres)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'node:http';
import pg from 'pg';
import { DEFAULT_CONFIG, createApp, listen } from '../addons/base/http/app';
import { withDatabase } from '../addons/base/db/postgres';
import type { App } from '../addons/base/http/routes';

const FIELDS = ['name', 'email', 'city', 'phone', 'country_id'];
const LIMIT = 80;

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'postgres,pglite' },
    rows: { type: 'string', default: '100000' },
    iterations: { type: 'string', default: '300' },
    'db-url': { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const ITERATIONS = Number(values.iterations);
const URL_PG = values['db-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

function stats(samples: number[]): { min: number; median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] };
}

async function seed(app: App): Promise<void> {
  await app.db.transaction(async (cr) => {
    const { rows } = await cr.query<{ n: number }>('SELECT count(*)::int AS n FROM res_partner');
    if (rows[0].n >= ROWS) return;
    await cr.query(
      `INSERT INTO res_partner (name, email, city, phone, country_id, type, is_company, active, lang, customer_rank, supplier_rank, create_date, write_date)
       SELECT 'Partner ' || lpad(g::text, 6, '0'), 'partner' || g || '@example.com', 'City ' || (g % 500), '+1 555 ' || lpad((g % 10000)::text, 4, '0'),
              c.ids[1 + g % array_length(c.ids, 1)], 'contact', false, true, 'en_US', 1, 0, now(), now()
         FROM generate_series(1, $1::int) g, (SELECT array_agg(id ORDER BY id) AS ids FROM res_country) c`, [ROWS]);
    await cr.query('UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL');
    await cr.query('ANALYZE res_partner');
  });
}

async function bench(engine: 'postgres' | 'pglite'): Promise<void> {
  let dataDir: string | undefined;
  let app: App;
  const dbName = 'bench_rpc_search_read';
  if (engine === 'postgres') {
    app = await createApp({ ...DEFAULT_CONFIG, port: 0, dbUrl: URL_PG, dbName, demo: false }, { addons: ['base'] });
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
    app = await createApp({ ...DEFAULT_CONFIG, port: 0, dataDir, dbName, demo: false }, { addons: ['base'] });
  }
  const t0 = Date.now();
  await seed(app);
  const seeded = Date.now() - t0;
  const server = await listen(app);
  const url = `http://127.0.0.1:${server.port}/jsonrpc`;
  const direct = engine === 'postgres' ? new pg.Pool({ connectionString: withDatabase(URL_PG, dbName), max: 1 }) : null;
  const pages = 50;

  let seq = 0;
  // A keep-alive node:http client, as an Odoo client library holds its connection: the figure
  // is the server's cost, not that of opening sockets or of fetch's own machinery.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const rpc = async (offset: number) => {
    const payload = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: ++seq, params: { service: 'object', method: 'execute_kw', args: [dbName, 2, 'admin', 'res.partner', 'search_read', [[['name', '=like', 'Partner %']]], { fields: FIELDS, limit: LIMIT, offset, order: 'name' }] } });
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      req.on('error', reject);
      req.end(payload);
    });
    const body = JSON.parse(text);
    if (body.error || body.result.length !== LIMIT) throw new Error(`RPC failed: ${JSON.stringify(body.error ?? body.result.length)}`);
    return body.result as any[];
  };
  const SQL = `SELECT p.id, p.name, p.email, p.city, p.phone, p.country_id, c.name AS country_name
                 FROM res_partner p LEFT JOIN res_country c ON c.id = p.country_id
                WHERE p.active AND p.name LIKE 'Partner %' ORDER BY p.name, p.id LIMIT ${LIMIT} OFFSET $1`;
  const hand = async (offset: number) => {
    const rows = direct
      ? (await direct.query(SQL, [offset])).rows
      : await app.db.transaction(async (cr) => (await cr.query<any>(SQL, [offset])).rows);
    const json = JSON.stringify(rows.map((r: any) => ({ id: r.id, name: r.name, email: r.email ?? false, city: r.city ?? false, phone: r.phone ?? false, country_id: r.country_id ? [r.country_id, r.country_name] : false })));
    return JSON.parse(json) as any[];
  };

  // Same rows both ways (sanity), then warm up.
  const [a, b] = [await rpc(160), await hand(160)];
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`RPC and SQL disagree:\n${JSON.stringify(a[0])}\n${JSON.stringify(b[0])}`);
  for (let i = 0; i < 30; i++) { await rpc((i % pages) * LIMIT); await hand((i % pages) * LIMIT); }
  const rpcTimes: number[] = [];
  const sqlTimes: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const offset = (i % pages) * LIMIT;
    let start = process.hrtime.bigint();
    await rpc(offset);
    rpcTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    start = process.hrtime.bigint();
    await hand(offset);
    sqlTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const r = stats(rpcTimes);
  const s = stats(sqlTimes);
  console.log(`${engine.padEnd(8)} partners=${ROWS} (seeded in ${seeded} ms) iterations=${ITERATIONS}`);
  console.log(`  /jsonrpc search_read : median ${r.median.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  (min ${r.min.toFixed(2)} ms)`);
  console.log(`  hand-written SQL+JSON: median ${s.median.toFixed(2)} ms  p95 ${s.p95.toFixed(2)} ms  (min ${s.min.toFixed(2)} ms)`);
  console.log(`  ratio (rpc / sql)    : median ${(r.median / s.median).toFixed(2)}  p95 ${(r.p95 / s.p95).toFixed(2)}  (min ${(r.min / s.min).toFixed(2)})${engine === 'postgres' ? `  (goal <= 2: ${r.median / s.median <= 2 ? 'met' : 'NOT met'})` : ''}`);
  // The machine's load makes every round trip dearer; the RPC path has more of them than the
  // hand-written query, so a busy machine inflates the ratio. Print it with the figures.
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
  agent.destroy();
  await direct?.end();
  await server.close();
  await app.db.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  for (const engine of String(values.engines).split(',').map((e) => e.trim()).filter(Boolean)) {
    if (engine !== 'postgres' && engine !== 'pglite') throw new Error(`Unknown engine ${engine}`);
    await bench(engine);
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
