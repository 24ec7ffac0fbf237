/**
 * Set-up shared by the fault tests: a PostgreSQL database with the connector, a sandbox running
 * in this (jest) process on real time with rate limits off, and Amazon accounts of the sandbox's
 * seller whose credentials and endpoint are stored in the database, so that worker processes
 * started from here (the CLI, the scheduler) reach the same sandbox.
 */
import pg from 'pg';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../../support/db';
import { startSandbox, type Sandbox } from '../../support/sandbox';
import { freePort, sleep, spawnErp, type Worker } from '../../support/processes';
import { configureSpApi } from '../../../addons/sale_amazon/services/port_factory';
import { MARKETPLACES_BY_CODE } from '../../../addons/sale_amazon/sp_api/marketplaces';

export const US = MARKETPLACES_BY_CODE.get('US')!.id;
export const CA = MARKETPLACES_BY_CODE.get('CA')!.id;
export const MX = MARKETPLACES_BY_CODE.get('MX')!.id;
export const BR = MARKETPLACES_BY_CODE.get('BR')!.id;

export interface FaultSetup {
  t: TestDatabase;
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

export function odooDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** An item reference unique to the order (the sandbox's default derives it from part of the order reference only). */
export function itemRef(orderRef: string, k = 0): string {
  return `${orderRef.replace(/\D/g, '')}${k}`;
}

export function isoZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The sandbox runs on real time (scale 1) by default so that a child process, which uses the real
 * clock for token lifetimes, agrees with it; orders are seeded in the past so Amazon lists them at
 * once. In-process tests may run Amazon time faster (the adapter here shares the sandbox clock).
 */
export async function faultDatabase(options: { timeScale?: number } = {}): Promise<FaultSetup> {
  const url = testDatabaseUrl()!;
  const sandbox = await startSandbox({ enforceRateLimits: false, timeScale: options.timeScale ?? 1 });
  // In this process: Amazon's clock (pacing after a 429 waits for the usage plan's next token,
  // a minute for the order search), short timeouts. Children use their own real-time defaults.
  configureSpApi({ endpoint: sandbox.url, clock: sandbox.clock, requestTimeoutMs: 1500, retryPolicy: { maxAttempts: 5, maxThrottleRetries: 30, baseDelayMs: 5, maxDelayMs: 20 } });
  const t = await createTestDatabase('postgres', { addons: ['sale_amazon'] });
  await t.commit(async (env) => {
    const c = sandbox.credentials;
    await env.cr.query(`INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.lwa_client_id', $1), ('sale_amazon.lwa_client_secret', $2), ('sale_amazon.sp_api_endpoint', $3)`,
      [c.clientId, c.clientSecret, sandbox.url]);
    // No scheduled job runs unless a test makes it due.
    await env.cr.query('UPDATE ir_cron SET active = false');
  });
  return { t, sandbox, url, close: async () => { await t.close(); await sandbox.close(); } };
}

/** An account of the sandbox's seller synchronising the given marketplaces (one seller registration per account). */
export async function createAccount(setup: FaultSetup, name: string, marketplaceIds: string[], lastSync: number, sellerKey?: string): Promise<number> {
  return setup.t.commit(async (env) => {
    const ids: number[] = [];
    for (const apiRef of marketplaceIds) {
      const { rows } = await env.cr.query<{ id: number }>('SELECT id FROM amazon_marketplace WHERE api_ref = $1', [apiRef]);
      ids.push(rows[0]!.id);
    }
    const account = await env.model('amazon.account').sudo().create({
      name, seller_key: sellerKey ?? setup.sandbox.credentials.sellerId, refresh_token: setup.sandbox.credentials.refreshToken,
      base_marketplace_id: ids[0], available_marketplace_ids: [[6, 0, ids]], active_marketplace_ids: [[6, 0, ids]],
      last_orders_sync: odooDatetime(lastSync),
    });
    return account.ids[0]!;
  });
}

/** A plain client on the test database, for assertions that must not go through the ORM. */
export async function sql<R = Record<string, any>>(setup: FaultSetup, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: dbUrl(setup) });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as R[];
  } finally {
    await client.end();
  }
}

export function dbUrl(setup: FaultSetup): string {
  const parsed = new URL(setup.url);
  parsed.pathname = `/${setup.t.db.name}`;
  return parsed.toString();
}

/** The arguments every child process needs to open the test database. */
export function dbArgs(setup: FaultSetup): string[] {
  return ['--db-url', setup.url, '--db-name', setup.t.db.name];
}

/**
 * Integrity of every imported Amazon order: a customer, lines, and either a delivery (FBM) or
 * done stock moves (FBA), never two sales orders for one reference. Returns the problems found.
 */
export async function integrityProblems(setup: FaultSetup): Promise<string[]> {
  const problems: string[] = [];
  const dup = await sql(setup, `SELECT amazon_order_ref, count(*)::int AS n FROM sale_order WHERE amazon_order_ref IS NOT NULL GROUP BY 1 HAVING count(*) > 1`);
  for (const d of dup) problems.push(`${d.amazon_order_ref} imported ${d.n} times`);
  const rows = await sql(setup, `
    SELECT o.amazon_order_ref AS ref, o.amazon_channel AS channel, o.state, o.partner_id, o.partner_shipping_id,
           (SELECT count(*) FROM res_partner p WHERE p.id = o.partner_id)::int AS partners,
           (SELECT count(*) FROM sale_order_line l WHERE l.order_id = o.id AND l.amazon_item_ref IS NOT NULL)::int AS lines,
           (SELECT count(*) FROM stock_picking p WHERE p.sale_id = o.id)::int AS pickings,
           (SELECT count(*) FROM stock_move m JOIN sale_order_line l ON l.id = m.sale_line_id WHERE l.order_id = o.id AND m.state = 'done')::int AS done_moves
      FROM sale_order o WHERE o.amazon_order_ref IS NOT NULL`);
  for (const r of rows) {
    if (!r.partner_id || r.partners !== 1 || !r.partner_shipping_id) problems.push(`${r.ref} has no customer`);
    if (r.lines < 1) problems.push(`${r.ref} has no lines`);
    if (r.channel === 'fbm' && r.pickings < 1) problems.push(`${r.ref} (FBM) has no delivery`);
    if (r.channel === 'fba' && (r.pickings !== 0 || r.done_moves < r.lines)) problems.push(`${r.ref} (FBA) has ${r.done_moves} done moves for ${r.lines} lines and ${r.pickings} pickings`);
  }
  return problems;
}

/** `bin/erp.ts serve` on a free port with the given arguments, once it says it is ready. */
export async function startServerProcess(args: string[], env: Record<string, string> = {}): Promise<{ worker: Worker; url: string }> {
  const port = await freePort();
  const worker = spawnErp(['serve', '--port', String(port), ...args], env);
  for (let i = 0; !worker.stdout().includes('ERP ready at'); i++) {
    if (worker.child.exitCode !== null || i > 1500) throw new Error(`server did not start:\n${worker.stdout()}\n${worker.stderr()}`);
    await sleep(100);
  }
  return { worker, url: `http://127.0.0.1:${port}` };
}
