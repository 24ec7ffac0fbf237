/**
 * A synchronisation stops between two units of work when it must (server stopping, time limit,
 * account unlinked meanwhile): in the retries of queued orders as in the page loop, leaving
 * what it did not reach for later and saying why on its run.
 */
import { engines } from '../../support/db';
import { retryLoggedOrders, syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { createAccountPort } from '../../../addons/sale_amazon/services/port_factory';
import { STALE_RUN_MESSAGE } from '../../../addons/sale_amazon/services/stale_runs';
import type { SpApiPort } from '../../../addons/sale_amazon/sp_api/port';
import { amazonDatabase, US, type AmazonTestSetup } from './helpers';

for (const engine of engines()) describe(`sale_amazon synchronisation stops on ${engine}`, () => {
  let setup: AmazonTestSetup;
  const ctx = () => ({ db: setup.t.db, registry: setup.t.registry });
  const seed = (prefix: string, n: number, extra: object = {}) => {
    const orders = setup.sandbox.control.seedOrders(Array.from({ length: n }, (_, i) => ({
      marketplaceId: US, channel: 'FBA' as const, status: 'Shipped' as const, lastUpdateDate: setup.sandbox.control.now(),
      buyer: { name: `${prefix} Buyer ${i}`, email: `${prefix}${i}@marketplace.amazon.com` },
      items: [{ sku: 'FBA-BOOK', quantityOrdered: 1, itemPrice: 10, itemTax: 0.8 }], ...extra,
    })));
    setup.sandbox.control.advanceClock(180);
    return orders.map((o) => o.ref);
  };
  const imported = (refs: string[]) => setup.t.rollback((env) => env.model('sale.order').search_count([['amazon_order_ref', 'in', refs]]));
  const queued = (refs: string[]) => setup.t.rollback(async (env) => (await env.model('amazon.sync.log').search_read([['order_ref', 'in', refs], ['state', '=', 'retry']], ['order_ref'])).map((l) => l.order_ref));
  /** The account's own port, with fn run when Amazon is asked for something (the n-th call of method). */
  const portWith = async (wrap: (real: SpApiPort, port: SpApiPort) => void) => {
    const real = await setup.t.commit((env) => createAccountPort(env, setup.accountId));
    const port: SpApiPort = Object.create(real);
    wrap(real, port);
    return { port, close: () => real.close() };
  };

  beforeAll(async () => { setup = await amazonDatabase(engine); });
  afterAll(() => setup?.close());

  test('Retry stops between two orders when the server stops; the orders not reached stay queued', async () => {
    const refs = seed('retrystop', 3, { currency: 'XTS' });
    expect(await syncOrders(ctx(), setup.accountId)).toMatchObject({ state: 'done', failed: 3 });
    await setup.t.commit((env) => env.model('res.currency').sudo().create({ name: 'XTS', symbol: 'X', active: true }));
    const stopping = new AbortController();
    let calls = 0;
    const { port, close } = await portWith((real, p) => {
      p.getOrder = (ref) => {
        // The server is asked to stop while the second order is fetched.
        if (++calls === 2) stopping.abort(new Error('the server was stopped'));
        return real.getOrder(ref);
      };
    });
    const result = await retryLoggedOrders({ ...ctx(), signal: stopping.signal }, setup.accountId, { refs, port }).finally(close);
    expect(result).toMatchObject({ created: 2, retried: 2 });
    expect(result.stopped).toMatch(/^Synchronisation stopped: the server was stopped\./);
    expect(await imported(refs)).toBe(2);
    expect(await queued(refs)).toHaveLength(1);
  });

  test('the automatic retries at the start of a run stop at the time limit: run interrupted, order still queued, no page read', async () => {
    const [left] = await setup.t.rollback(async (env) => (await env.model('amazon.sync.log').search_read([['state', '=', 'retry']], ['order_ref'])).map((l) => l.order_ref as string));
    await setup.t.commit((env) => env.cr.query("UPDATE amazon_sync_log SET next_retry = now() AT TIME ZONE 'UTC' - interval '1 hour' WHERE order_ref = $1", [left]));
    const summary = await syncOrders({ ...ctx(), deadline: Date.now() - 1 }, setup.accountId);
    expect(summary).toMatchObject({ state: 'interrupted', retried: 0, fetched: 0, message: 'Stopped at the time limit; the next run continues from here.' });
    expect(await queued([left!])).toEqual([left]);
  });

  test('an account unlinked while its sync runs: the run stops at the next page, recorded interrupted as unlinked', async () => {
    const refs = seed('unlinked', 25);
    const { port, close } = await portWith((real, p) => {
      // Amazon's pages cut in tens; the admin clicks Unlink while the second one is fetched.
      p.listChangedOrderPages = async function* tens(query) {
        for await (const page of real.listChangedOrderPages(query)) {
          for (let i = 0; i < page.orders.length; i += 10) {
            if (i === 10) await setup.t.commit((env) => (env.model('amazon.account').browse([setup.accountId]) as any).action_reset_refresh_token());
            yield { ...page, orders: page.orders.slice(i, i + 10), hasMore: page.hasMore || i + 10 < page.orders.length };
          }
        }
      };
    });
    const summary = await syncOrders(ctx(), setup.accountId, { port }).finally(close);
    const unlinkedMessage = 'Synchronisation stopped: the account was unlinked from Amazon while it ran. Link it again to synchronise its orders.';
    expect(summary).toMatchObject({ state: 'interrupted', message: unlinkedMessage });
    // Pages are read ahead of the import: the unlink, made while the second page is fetched, is
    // seen once the first page is imported (or the second, when the import was quicker than the
    // unlink's commit); the third page is never imported (the first pages also hold the earlier
    // test's orders, listed again by the window's overlap).
    expect([10, 20]).toContain(summary.fetched);
    expect(await imported(refs)).toBeLessThanOrEqual(summary.fetched);
    const [run] = await setup.t.rollback((env) => env.model('amazon.sync.run').browse([summary.runId!]).read(['state', 'message']));
    expect(run).toMatchObject({ state: 'interrupted', message: unlinkedMessage });
  });

  test('a run left "running" by a dead process reads as interrupted at once; one whose lock is held reads as running', async () => {
    const insertRunning = () => setup.t.commit(async (env) => (await env.cr.query<{ id: number }>(
      "INSERT INTO amazon_sync_run (account_id, kind, trigger, state, started_at) VALUES ($1, 'orders', 'manual', 'running', now() AT TIME ZONE 'UTC') RETURNING id", [setup.accountId])).rows[0]!.id);
    const dead = await insertRunning();
    // The runs list (search_read), as the admin opens it: no sync has run since.
    const [listed] = await setup.t.commit((env) => env.model('amazon.sync.run').search_read([['id', '=', dead]], ['state', 'message', 'finished_at']));
    expect(listed).toMatchObject({ state: 'interrupted', message: STALE_RUN_MESSAGE });
    expect(listed!.finished_at).toBeTruthy();
    // Grouped by state (the list's group-by): counted with the interrupted ones, none running.
    const dying = await insertRunning();
    const groups = await setup.t.commit((env) => env.model('amazon.sync.run').read_group([['id', 'in', [dead, dying]]], ['state'], ['state']));
    expect(groups.map((g) => [g.state, g.state_count])).toEqual([['interrupted', 2]]);
    const locked = await setup.t.db.tryWithLock(`sale_amazon.orders.${setup.accountId}`, async () => {
      const live = await insertRunning();
      // The account form reads its runs by id (read).
      return setup.t.commit((env) => env.model('amazon.sync.run').browse([live]).read(['state']));
    });
    expect(locked).toMatchObject({ acquired: true, value: [{ state: 'running' }] });
  });

  test('an archived account: the run stops at its first page boundary, saying so', async () => {
    await setup.t.commit((env) => env.model('amazon.account').sudo().browse([setup.accountId]).write({ refresh_token: setup.sandbox.credentials.refreshToken, active: false }));
    const summary = await syncOrders(ctx(), setup.accountId);
    expect(summary).toMatchObject({ state: 'interrupted', message: 'Synchronisation stopped: the account was archived while it ran.' });
  });
});
