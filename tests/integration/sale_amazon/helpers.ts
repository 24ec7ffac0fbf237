/** Shared set-up of the connector's integration tests: a fast sandbox and an account linked to it. */
import type { Environment } from '../../../addons/base/orm/environment';
import { createTestDatabase, type Engine, type TestDatabase } from '../../support/db';
import { startFastSandbox, type Sandbox } from '../../support/sandbox';
import { startTestServer, type RpcClient, type TestServer } from '../../support/server';
import { configureSpApi } from '../../../addons/sale_amazon/services/port_factory';
import { MARKETPLACES_BY_CODE } from '../../../addons/sale_amazon/sp_api/marketplaces';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';
import type { AmazonOrder } from '../../../addons/sale_amazon/sp_api/types';
import type { SeedOrder } from '../../../addons/sale_amazon/sandbox/control';

jest.setTimeout(120_000);

export const US = MARKETPLACES_BY_CODE.get('US')!.id;
export const FR = MARKETPLACES_BY_CODE.get('FR')!.id;
export const DE = MARKETPLACES_BY_CODE.get('DE')!.id;

/** Rate limits off and retries in milliseconds, so faults cost no wall-clock time. */
export async function startTestSandbox(): Promise<Sandbox> {
  const sandbox = await startFastSandbox({ enforceRateLimits: false });
  configureSpApi({ endpoint: sandbox.url, clock: sandbox.clock, requestTimeoutMs: 2000, retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 } as never });
  return sandbox;
}

export function odooDatetime(iso: string, offsetSeconds = 0): string {
  return new Date(Date.parse(iso) + offsetSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** A database with the connector and an account synchronising the US marketplace of the sandbox's seller. */
export interface AmazonTestSetup {
  t: TestDatabase;
  sandbox: Sandbox;
  accountId: number;
  close(): Promise<void>;
}

/**
 * Each engine gets its own sandbox: orders seeded for one database must not show up in the other.
 */
export async function amazonDatabase(engine: Engine): Promise<AmazonTestSetup> {
  const sandbox = await startTestSandbox();
  const t = await createTestDatabase(engine, { addons: ['sale_amazon'] });
  await t.commit(async (env) => {
    const c = sandbox.credentials;
    await env.cr.query(`INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.lwa_client_id', $1), ('sale_amazon.lwa_client_secret', $2)`, [c.clientId, c.clientSecret]);
  });
  const accountId = await createAccount(t, sandbox, 'Sandbox US', ['us']);
  return { t, sandbox, accountId, close: async () => { await t.close(); await sandbox.close(); } };
}

/**
 * Another registration of the same seller. An account talks to one Amazon region, so European
 * marketplaces get their own account (home marketplace = the first code).
 */
export async function createAccount(t: TestDatabase, sandbox: Sandbox, name: string, codes: string[]): Promise<number> {
  return t.commit(async (env) => {
    const c = sandbox.credentials;
    const ids = await Promise.all(codes.map((code) => env.refId(`sale_amazon.marketplace_${code}`)));
    // Outside developer mode Last Order Sync is not writable; the test sets up as the superuser.
    const account = await env.model('amazon.account').sudo().create({
      name, seller_key: c.sellerId, refresh_token: c.refreshToken, base_marketplace_id: ids[0],
      available_marketplace_ids: [[6, 0, ids]], active_marketplace_ids: [[6, 0, ids]],
      last_orders_sync: odooDatetime(sandbox.control.now(), -3600),
    });
    return account.ids[0];
  });
}

/** Puts the account's cursor just before "now" in Amazon time, so the next sync sees only new changes. */
export async function resetCursor(t: TestDatabase, sandbox: Sandbox, accountId: number): Promise<void> {
  await t.commit((env) => env.cr.query('UPDATE amazon_account SET last_orders_sync = $1 WHERE id = $2', [odooDatetime(sandbox.control.now(), -60), accountId]));
}

export async function orderByRef(env: Environment, ref: string, fields: string[]): Promise<Record<string, any>> {
  const [row] = await env.model('sale.order').search_read([['amazon_order_ref', '=', ref]], fields);
  return row;
}

/**
 * An Amazon timestamp some minutes back: Amazon only lists changes older than two minutes, and the
 * sandbox clock runs fast, so "now" would be listed or not depending on the machine's speed.
 */
export function minutesAgo(sandbox: Sandbox, minutes = 10): string {
  return new Date(Date.parse(sandbox.control.now()) - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Seeds one order on the sandbox and imports it; returns Amazon's order and ours. */
export async function importOrder(setup: AmazonTestSetup, seed: SeedOrder, accountId = setup.accountId): Promise<{ order: AmazonOrder; saleOrderId: number }> {
  const [order] = setup.sandbox.control.seedOrders([{ lastUpdateDate: setup.sandbox.control.now(), ...seed }]);
  // Amazon lists a change only once it is two minutes old.
  setup.sandbox.control.advanceClock(180);
  const summary = await syncOrders({ db: setup.t.db, registry: setup.t.registry }, accountId);
  expect(summary).toMatchObject({ state: 'done', failed: 0 });
  const saleOrderId = await setup.t.rollback(async (env) => (await env.model('sale.order').search([['amazon_order_ref', '=', order.ref]])).ids[0]);
  expect(saleOrderId).toBeGreaterThan(0);
  return { order, saleOrderId };
}

/** The HTTP server over a connector database, with the sandbox's LWA client configured and one US account. */
export interface AmazonServerSetup {
  server: TestServer;
  sandbox: Sandbox;
  accountId: number;
  close(): Promise<void>;
}

export async function amazonServer(engine: Engine): Promise<AmazonServerSetup> {
  const sandbox = await startTestSandbox();
  const server = await startTestServer(engine, { addons: ['sale_amazon'] });
  await server.database.commit(async (env) => {
    const c = sandbox.credentials;
    await env.cr.query(`INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.lwa_client_id', $1), ('sale_amazon.lwa_client_secret', $2)`, [c.clientId, c.clientSecret]);
  });
  const accountId = await createAccount(server.database, sandbox, 'Sandbox US', ['us']);
  return { server, sandbox, accountId, close: async () => { await server.close(); await sandbox.close(); } };
}

/** Developer mode is a flag of the web session, switched on by opening /web?debug=1. */
export async function enterDeveloperMode(server: TestServer, client: RpcClient): Promise<void> {
  const response = await fetch(`${server.url}/web?debug=1`, { headers: { Cookie: client.cookie ?? '' }, redirect: 'manual' });
  expect(response.status).toBe(200);
  await response.text();
  const info = await client.call('/web/session/get_session_info', {});
  expect(info.debug).toBe('1');
}

/** A user with the given groups (external ids), created by the superuser; returns a logged-in client. */
export async function userWithGroups(server: TestServer, login: string, groups: string[]): Promise<RpcClient> {
  await server.database.commit(async (env) => {
    const ids = await Promise.all(groups.map((xmlid) => env.refId(xmlid)));
    await env.model('res.users').sudo().create({ name: login, login, password: `${login}-pass`, groups_id: [[6, 0, ids]] });
  });
  return server.login(login, `${login}-pass`);
}

/** Waits until the account's latest run of that kind is no longer running; returns it. */
export async function waitForRun(client: RpcClient, accountId: number, afterId: number, kind = 'orders'): Promise<Record<string, any>> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [run] = await client.callKw('amazon.sync.run', 'search_read', [[['account_id', '=', accountId], ['kind', '=', kind], ['id', '>', afterId]]], { fields: ['state', 'fetched', 'created', 'updated', 'skipped', 'failed', 'message'], limit: 1, order: 'id desc' });
    if (run && run.state !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No ${kind} run of account ${accountId} finished within a minute.`);
}
