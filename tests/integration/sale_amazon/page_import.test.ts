/**
 * A page of Amazon orders is imported in one transaction. These tests prove what the page path
 * keeps from the one-order-per-transaction path: a bad order is queued alone, an order already
 * here is neither duplicated nor a failure, a buyer seen twice in a page is one customer, and the
 * run record counts each order once.
 */
import type { Cursor } from '../../../addons/base/db/database';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { engines } from '../../support/db';
import { amazonDatabase, resetCursor, US, type AmazonTestSetup } from './helpers';

for (const engine of engines()) describe(`sale_amazon page import on ${engine}`, () => {
  let setup: AmazonTestSetup;
  const ctx = () => ({ db: setup.t.db, registry: setup.t.registry });
  const count = (refs: string[]) => setup.t.rollback((env) => env.model('sale.order').search_count([['amazon_order_ref', 'in', refs]]));
  let tag = 0;
  const seed = (n: number, extra: object = {}) => {
    tag++;
    const orders = setup.sandbox.control.seedOrders(Array.from({ length: n }, (_, i) => ({
      marketplaceId: US, channel: (i % 2 ? 'FBM' : 'FBA') as 'FBM' | 'FBA', status: (i % 2 ? 'Unshipped' : 'Shipped') as 'Unshipped' | 'Shipped',
      lastUpdateDate: setup.sandbox.control.now(), buyer: { name: `Page Buyer ${tag}-${i}`, email: `page${tag}-${i}@marketplace.amazon.com` },
      items: [{ sku: 'PAGE-BOOK', quantityOrdered: 1, itemPrice: 10, itemTax: 0.8 }], ...extra,
    })));
    return orders.map((o) => o.ref);
  };
  /** Runs a sync and counts the transactions it opened (one per order would be as many as the orders). */
  const syncCountingTransactions = async () => {
    const db = setup.t.db;
    const original = db.transaction;
    let transactions = 0;
    db.transaction = (<T>(fn: (cr: Cursor) => Promise<T>) => {
      transactions++;
      return original.call(db, fn);
    }) as typeof db.transaction;
    try {
      return { summary: await syncOrders(ctx(), setup.accountId), transactions };
    } finally {
      db.transaction = original;
    }
  };
  const runRecord = (id: number | null) => setup.t.rollback(async (env) => (await env.model('amazon.sync.run').browse([id!]).fetch(['fetched', 'created', 'updated', 'skipped', 'failed', 'state']))[0]);
  /** An hour later in Amazon time, with the cursor at that time: earlier tests' orders are out of the window. */
  const freshWindow = async () => {
    setup.sandbox.control.advanceClock(3600);
    await resetCursor(setup.t, setup.sandbox, setup.accountId);
    return setup.t.rollback(async (env) => (await env.model('amazon.account').browse([setup.accountId]).fetchOne(['last_orders_sync'])).last_orders_sync as string);
  };
  const setCursor = (value: string) => setup.t.commit((env) => env.cr.query('UPDATE amazon_account SET last_orders_sync = $2 WHERE id = $1', [setup.accountId, value]));

  beforeAll(async () => { setup = await amazonDatabase(engine); });
  afterAll(() => setup?.close());

  test('a page with a bad order imports all the others and queues the bad one alone', async () => {
    const [first] = seed(1, { items: [{ ref: '90000000000001', sku: 'PAGE-BOOK', quantityOrdered: 1, itemPrice: 10, itemTax: 0.8 }] });
    setup.sandbox.control.advanceClock(180);
    expect((await syncOrders(ctx(), setup.accountId)).created).toBe(1);
    const good = seed(6);
    // Violates a database constraint: Amazon's item id is already on the first order's line.
    const [clash] = seed(1, { items: [{ ref: '90000000000001', sku: 'PAGE-BOOK', quantityOrdered: 1, itemPrice: 12, itemTax: 1 }] });
    const [unknownCurrency] = seed(1, { currency: 'XTS' });
    setup.sandbox.control.advanceClock(180);
    const summary = await syncOrders(ctx(), setup.accountId);
    // The window overlaps the previous run's by a few minutes: the first order may be listed again (and skipped).
    expect(summary).toMatchObject({ state: 'done', created: 6, failed: 2, updated: 0 });
    expect(summary.fetched).toBe(8 + summary.skipped);
    expect(await count(good)).toBe(6);
    expect(await count([first, clash, unknownCurrency])).toBe(1);
    const logs = await setup.t.rollback((env) => env.model('amazon.sync.log').search_read([['order_ref', 'in', [clash, unknownCurrency]]], ['order_ref', 'state', 'error']));
    expect(logs.map((l) => [l.order_ref, l.state]).sort()).toEqual([[clash, 'retry'], [unknownCurrency, 'retry']].sort());
    expect(logs.find((l) => l.order_ref === unknownCurrency)!.error).toMatch(/XTS/);
    expect(await runRecord(summary.runId)).toMatchObject({ state: 'done', fetched: summary.fetched, created: 6, failed: 2, skipped: summary.skipped });
  });

  test('a page that lists orders already imported neither duplicates them nor fails, in one page transaction', async () => {
    const start = await freshWindow();
    const earlier = seed(3);
    setup.sandbox.control.advanceClock(180);
    expect((await syncOrders(ctx(), setup.accountId)).created).toBe(3);
    const fresh = seed(9);
    setup.sandbox.control.advanceClock(180);
    // The window goes back over the earlier orders: the page holds them and the new ones.
    await setCursor(start);
    const { summary, transactions } = await syncCountingTransactions();
    expect(summary.state).toBe('done');
    expect(summary.failed).toBe(0);
    expect(summary.created).toBe(9);
    expect(summary.fetched).toBe(summary.created + summary.skipped + summary.updated);
    expect(summary.skipped).toBeGreaterThanOrEqual(3);
    expect(await count([...earlier, ...fresh])).toBe(12);
    // One transaction per order would be at least 12 (the page holds 12 orders and more).
    expect(transactions).toBeLessThan(12);
    expect(await runRecord(summary.runId)).toMatchObject({ state: 'done', created: 9, failed: 0, fetched: summary.fetched, skipped: summary.skipped });
  });

  test('a buyer with two orders in one page becomes one customer, as order after order would', async () => {
    await freshWindow();
    const buyer = { name: 'Twice In A Page', email: 'twice-page@marketplace.amazon.com' };
    const refs = seed(2, { buyer, channel: 'FBA', status: 'Shipped' });
    setup.sandbox.control.advanceClock(180);
    expect((await syncOrders(ctx(), setup.accountId)).created).toBe(2);
    const partners = await setup.t.rollback(async (env) => (await env.model('sale.order').search_read([['amazon_order_ref', 'in', refs]], ['partner_id']))
      .map((o) => o.partner_id[0]));
    expect(new Set(partners).size).toBe(1);
    expect(await setup.t.rollback((env) => env.model('res.partner').search_count([['email', '=', buyer.email], ['type', '=', 'contact']]))).toBe(1);
    // The sandbox ships to "Sandbox Buyer": one delivery address under the contact, shared by both orders.
    expect(await setup.t.rollback((env) => env.model('res.partner').search_count([['email', '=', buyer.email], ['type', '=', 'delivery']]))).toBe(1);
  });
});
