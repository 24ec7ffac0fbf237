/**
 * The command line, as an operator runs it: `npm run erp -- amazon ...` in a child process, on a
 * database of its own (an embedded one in a data directory, or a PostgreSQL test database), talking
 * to the sandbox through AMAZON_SP_API_ENDPOINT.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Environment } from '../../../addons/base/orm/environment';
import type { Registry } from '../../../addons/base/orm/registry';
import { openDatabase } from '../../../addons/base/db/open';
import { loadDatabase } from '../../../addons/base/loader/loader';
import { createTestDatabase, engines, testDatabaseUrl, type Engine } from '../../support/db';
import { startSandbox, type Sandbox } from '../../support/sandbox';
import { odooDatetime, US } from './helpers';

const ROOT = resolve(__dirname, '..', '..', '..');

interface CliDatabase {
  /** The database options of `npm run erp`. */
  args: string[];
  /** Runs fn in a committed transaction (the embedded database is opened only meanwhile: one process at a time). */
  run<T>(fn: (env: Environment) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

async function cliDatabase(engine: Engine): Promise<CliDatabase> {
  if (engine === 'postgres') {
    const t = await createTestDatabase('postgres', { addons: ['sale_amazon'] });
    return { args: ['--db-url', testDatabaseUrl()!, '--db-name', t.db.name], run: (fn) => t.commit(fn), close: () => t.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'erp-cli-'));
  const first = await openDatabase({ name: 'cli', dataDir: dir });
  let registry: Registry;
  try {
    registry = (await loadDatabase(first, { addons: ['sale_amazon'] })).registry;
  } finally {
    await first.close();
  }
  return {
    args: ['--data-dir', dir, '--db-name', 'cli'],
    async run(fn) {
      const db = await openDatabase({ name: 'cli', dataDir: dir });
      try {
        return await db.transaction(async (cr) => {
          const env = new Environment(registry, cr, 2);
          env.cache.db = db;
          return fn(env);
        });
      } finally {
        await db.close();
      }
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

interface CliResult { code: number | null; stdout: string; stderr: string }

function erp(args: string[], endpoint: string): Promise<CliResult> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AMAZON_SP_API_ENDPOINT: endpoint, NODE_OPTIONS: '' };
    delete env.DATABASE_URL;
    const child = spawn('npm', ['run', '--silent', 'erp', '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** An Amazon timestamp in the past: Amazon lists a change only once it is two minutes old. */
function minutesBack(sandbox: Sandbox, minutes: number): string {
  return new Date(Date.parse(sandbox.control.now()) - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

for (const engine of engines()) describe(`sale_amazon command line on ${engine}`, () => {
  let sandbox: Sandbox;
  let database: CliDatabase;
  let accountId: number;
  const buyer = { name: 'Cleo Line', email: 'cleo@marketplace.amazon.com' };
  const address = { name: 'Cleo Line', addressLine1: '3 Bay Rd', city: 'Boston', stateOrRegion: 'MA', postalCode: '02108', countryCode: 'US' };

  beforeAll(async () => {
    // Real time: the child's SP-API client keeps its own clock.
    sandbox = await startSandbox({ enforceRateLimits: false });
    database = await cliDatabase(engine);
    const c = sandbox.credentials;
    accountId = await database.run(async (env) => {
      await env.cr.query(`INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.lwa_client_id', $1), ('sale_amazon.lwa_client_secret', $2)`, [c.clientId, c.clientSecret]);
      const us = await env.refId('sale_amazon.marketplace_us');
      const account = await env.model('amazon.account').sudo().create({
        name: 'CLI account', seller_key: c.sellerId, refresh_token: c.refreshToken, base_marketplace_id: us,
        last_orders_sync: odooDatetime(sandbox.control.now(), -3600),
      });
      await env.model('product.product').create({ name: 'CLI Lamp', default_code: 'CLI-LAMP', type: 'consu' });
      return account.ids[0];
    });
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    await sandbox?.close();
  });

  test('sync-orders imports the orders with a progress bar and exits 0; sync-pickings confirms a delivery', async () => {
    const seeded = sandbox.control.seedOrders([1, 2, 3].map((n) => ({
      marketplaceId: US, channel: 'FBM' as const, status: 'Unshipped' as const, lastUpdateDate: minutesBack(sandbox, 10 - n), buyer, shippingAddress: address as never,
      items: [{ sku: 'CLI-LAMP', quantityOrdered: n, itemPrice: 20 * n, itemTax: 1.5 * n }],
    })));
    const result = await erp(['amazon', 'sync-orders', '--account', String(accountId), ...database.args], sandbox.url);
    // On failure jest shows the whole result, the child's output included.
    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr).toMatch(/Amazon orders .*3 read \| 3 created 0 updated 0 unchanged 0 to retry/);
    expect(result.stdout).toContain('CLI account: 3 orders read, 3 created, 0 updated, 0 unchanged, 0 to retry.');
    expect(result.code).toBe(0);
    const refs = seeded.map((o) => o.ref);
    const pickingId = await database.run(async (env) => {
      const orders = await env.model('sale.order').search_read([['amazon_order_ref', 'in', refs]], ['state', 'picking_ids', 'amazon_account_id']);
      expect(orders).toHaveLength(3);
      expect(orders.every((o) => o.state === 'sale' && o.amazon_account_id[0] === accountId)).toBe(true);
      const [run] = await env.model('amazon.sync.run').search_read([['account_id', '=', accountId]], ['trigger', 'state', 'created'], { limit: 1, order: 'id desc' });
      expect(run).toMatchObject({ trigger: 'cli', state: 'done', created: 3 });
      // The first order's delivery is validated with its carrier and tracking number.
      const picking = env.model('stock.picking').browse([orders.find((o) => o.picking_ids.length)!.picking_ids[0]]) as any;
      const product = await env.model('product.product').create({ name: 'FedEx shipping', type: 'service' });
      const carrier = await env.model('delivery.carrier').create({ name: 'FedEx', product_id: product.ids[0] });
      await picking.write({ carrier_id: carrier.ids[0], carrier_tracking_ref: 'FX-42' });
      for (const move of await env.model('stock.move').search_read([['picking_id', '=', picking.ids[0]]], ['product_uom_qty'])) {
        await env.model('stock.move').browse([move.id]).write({ quantity: move.product_uom_qty });
      }
      await picking.button_validate();
      return picking.ids[0];
    });

    const pickings = await erp(['amazon', 'sync-pickings', '--account', String(accountId), ...database.args], sandbox.url);
    expect(pickings).toMatchObject({ code: 0 });
    expect(pickings.stderr).toMatch(/Amazon deliveries .*1\/1 \| 1 confirmed 0 failed/);
    expect(pickings.stdout).toContain('1 deliveries confirmed to Amazon.');
    expect(pickings.code).toBe(0);
    expect(sandbox.control.confirmations().map((c) => c.package.trackingNumber)).toEqual(['FX-42']);
    await database.run(async (env) => {
      expect((await env.model('stock.picking').browse([pickingId]).fetchOne(['amazon_sync_status'])).amazon_sync_status).toBe('done');
    });
  }, 180_000);

  test('recover-order REF imports one order the cursor has passed; an unknown account exits 1 with a message', async () => {
    const [old] = sandbox.control.seedOrders([{ marketplaceId: US, channel: 'FBM', status: 'Unshipped', lastUpdateDate: minutesBack(sandbox, 3 * 24 * 60), buyer, shippingAddress: address as never,
      items: [{ sku: 'CLI-LAMP', quantityOrdered: 1, itemPrice: 20, itemTax: 1.5 }] }]);
    const result = await erp(['amazon', 'recover-order', old.ref, '--account', String(accountId), ...database.args], sandbox.url);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(new RegExp(`Amazon order ${old.ref} is the sales order S\\d+ \\(id \\d+\\)\\.`));
    await database.run(async (env) => {
      expect(await env.model('sale.order').search_count([['amazon_order_ref', '=', old.ref]])).toBe(1);
    });

    const missing = await erp(['amazon', 'sync-orders', '--account', '999', ...database.args], sandbox.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The Amazon account 999 does not exist.');
  }, 180_000);
});
