/**
 * A synchronisation that cannot finish normally: its process was killed (its run record stays
 * 'running' with nobody to end it), or the database connection holding the account's lock died
 * while it ran (another process may take the lock). Both must show as interrupted, with why,
 * and the next run must import what was left, nothing twice.
 */
import pg from 'pg';
import { engines } from '../../support/db';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { STALE_RUN_MESSAGE } from '../../../addons/sale_amazon/services/stale_runs';
import { withDatabase } from '../../../addons/base/db/postgres';
import { createAccountPort } from '../../../addons/sale_amazon/services/port_factory';
import type { SpApiPort } from '../../../addons/sale_amazon/sp_api/port';
import { testDatabaseUrl } from '../../support/db';
import { sleep } from '../../support/processes';
import { createAccount, faultDatabase, integrityProblems, isoZ, itemRef, sql, US, type FaultSetup } from './fixture';

jest.setTimeout(120_000);

(engines().includes('postgres') ? describe : describe.skip)('interrupted synchronisations on postgres', () => {
  let setup: FaultSetup;
  let admin: pg.Client;
  let account: number;
  const ctx = () => ({ db: setup.t.db, registry: setup.t.registry });

  beforeAll(async () => {
    setup = await faultDatabase();
    admin = new pg.Client({ connectionString: withDatabase(testDatabaseUrl()!, 'postgres') });
    await admin.connect();
    account = await createAccount(setup, 'Interrupted US', [US], Date.parse(setup.sandbox.control.now()) - 30 * 3600_000);
  });
  afterAll(async () => {
    await admin?.end();
    await setup?.close();
  });

  function seed(group: number, n: number) {
    const now = Date.parse(setup.sandbox.control.now());
    return setup.sandbox.control.seedOrders(Array.from({ length: n }, (_, i) => {
      const ref = `113-${group}${String(i).padStart(6, '0')}-0000001`;
      return {
        ref, marketplaceId: US, channel: 'FBM' as const, status: 'Unshipped' as const,
        purchaseDate: isoZ(now - 20 * 3600_000), lastUpdateDate: isoZ(now - 20 * 3600_000 + i * 1000),
        buyer: { name: `Lock Buyer ${i}`, email: `lock${i}@marketplace.amazon.com` },
        items: [{ ref: itemRef(ref), sku: 'LOCK-SKU', quantityOrdered: 1, itemPrice: 10, itemTax: 1 }],
      };
    }));
  }
  const imported = async () => (await sql<{ ref: string }>(setup, "SELECT amazon_order_ref AS ref FROM sale_order WHERE amazon_order_ref LIKE '113-%'")).map((r) => r.ref);
  const syncRunning = () => setup.t.commit(async (env) => (await env.model('amazon.account').browse([account]).fetchOne(['sync_running'])).sync_running);

  test('a run left "running" by a killed process: not shown as running, marked interrupted by the next run', async () => {
    const [stale] = await sql<{ id: number }>(setup,
      "INSERT INTO amazon_sync_run (account_id, kind, trigger, state, started_at) VALUES ($1, 'orders', 'manual', 'running', now() AT TIME ZONE 'UTC') RETURNING id", [account]);
    // Nobody holds the account's lock: the form must not follow a progress that will never move.
    expect(await syncRunning()).toBe(false);
    const summary = await syncOrders(ctx(), account, { trigger: 'cron' });
    expect(summary.state).toBe('done');
    const [row] = await sql<{ state: string; message: string; finished: boolean }>(setup,
      'SELECT state, message, finished_at IS NOT NULL AS finished FROM amazon_sync_run WHERE id = $1', [stale!.id]);
    expect(row).toEqual({ state: 'interrupted', message: STALE_RUN_MESSAGE, finished: true });
  });

  /** The lock's backend, ended as an administrator (or a failover) would. */
  async function terminateLockBackend(): Promise<void> {
    const { rows } = await admin.query<{ pid: number }>(
      "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = $1", [setup.t.db.name]);
    expect(rows).toHaveLength(1);
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    for (let i = 0; i < 100 && (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [rows[0]!.pid])).rows.length; i++) await sleep(20);
    await sleep(100);
  }

  test('the lock\'s connection killed mid-sync: the run stops at the next page, recorded interrupted; the next run imports the rest once', async () => {
    // Three pages of orders (Amazon's hold 100): the lock dies while the first page's outcomes are reported.
    const orders = seed(7, 250);
    // (the first test's run moved the cursor past them)
    await sql(setup, "UPDATE amazon_account SET last_orders_sync = last_orders_sync - interval '30 hours' WHERE id = $1", [account]);
    // Amazon's pages cut in tens: the connection is killed once the first page is imported, while the
    // second is fetched.
    const real = await setup.t.commit((env) => createAccountPort(env, account));
    const port: SpApiPort = Object.create(real);
    let runningSeen = false;
    let killed = false;
    port.listChangedOrderPages = async function* tens(query) {
      for await (const page of real.listChangedOrderPages(query)) {
        for (let i = 0; i < page.orders.length; i += 10) {
          // Once: pages are read ahead, so Amazon's next page may be asked for after the kill.
          if (i === 10 && !killed) {
            killed = true;
            runningSeen = await syncRunning();
            // Pages are read ahead of the import: the kill waits until the first page is in.
            for (let wait = 0; wait < 500 && (await imported()).length < 10; wait++) await sleep(20);
            await terminateLockBackend();
          }
          yield { ...page, orders: page.orders.slice(i, i + 10), hasMore: page.hasMore || i + 10 < page.orders.length };
        }
      }
    };
    const first = await syncOrders(ctx(), account, { trigger: 'manual', port }).finally(() => real.close());
    expect(runningSeen).toBe(true);
    expect(first.state).toBe('interrupted');
    expect(first.message).toMatch(/Synchronisation stopped: the database connection holding the lock "sale_amazon\.orders\.\d+" was lost/);
    // It learns of the loss from the connection's end, an instant later: a few orders at most.
    expect(first.created).toBeGreaterThanOrEqual(10);
    expect(first.created).toBeLessThan(30);
    const [run] = await sql<{ state: string; message: string }>(setup, 'SELECT state, message FROM amazon_sync_run WHERE id = $1', [first.runId]);
    expect(run).toEqual({ state: 'interrupted', message: first.message });
    expect(await integrityProblems(setup)).toEqual([]);

    const second = await syncOrders(ctx(), account, { trigger: 'cron' });
    expect(second.state).toBe('done');
    expect((await imported()).sort()).toEqual(orders.map((o) => o.ref).sort());
    expect(await integrityProblems(setup)).toEqual([]);
  });
});
