import { engines } from '../../support/db';
import { retryLoggedOrders, syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { amazonDatabase, US, type AmazonTestSetup } from './helpers';

const item = (sku: string) => ({ sku, quantityOrdered: 1, itemPrice: 10, itemTax: 0.8 });

for (const engine of engines()) describe(`sale_amazon sync robustness on ${engine}`, () => {
  let setup: AmazonTestSetup;
  const ctx = () => ({ db: setup.t.db, registry: setup.t.registry });
  const count = (refs: string[]) => setup.t.rollback((env) => env.model('sale.order').search_count([['amazon_order_ref', 'in', refs]]));
  const seed = (n: number, extra: object = {}) => {
    const orders = setup.sandbox.control.seedOrders(Array.from({ length: n }, (_, i) => ({
      marketplaceId: US, channel: 'FBA' as const, status: 'Shipped' as const, lastUpdateDate: setup.sandbox.control.now(),
      buyer: { name: `Robust Buyer ${i}`, email: `rb${i}@marketplace.amazon.com` }, items: [item('FBA-BOOK')], ...extra,
    })));
    setup.sandbox.control.advanceClock(180);
    return orders.map((o) => o.ref);
  };
  beforeAll(async () => { setup = await amazonDatabase(engine); });
  afterAll(() => setup?.close());

  test('a failed order does not block the others, is kept with its error, then retried and recovered', async () => {
    const good = seed(2);
    const [bad] = seed(1, { currency: 'XTS' });
    const summary = await syncOrders(ctx(), setup.accountId);
    expect(summary).toMatchObject({ state: 'done', failed: 1 });
    expect(await count(good)).toBe(2);
    expect(await count([bad])).toBe(0);
    const [log] = await setup.t.rollback((env) => env.model('amazon.sync.log').search_read([['order_ref', '=', bad]], ['state', 'error', 'attempts']));
    expect(log).toMatchObject({ state: 'retry', attempts: 1 });
    expect(log.error).toMatch(/XTS/);
    // The admin makes the currency known; Retry imports the order.
    await setup.t.commit((env) => env.model('res.currency').sudo().create({ name: 'XTS', symbol: 'X', active: true }));
    const retried = await retryLoggedOrders(ctx(), setup.accountId, { refs: [bad] });
    expect(retried.created).toBe(1);
    expect(await count([bad])).toBe(1);
    const [after] = await setup.t.rollback((env) => env.model('amazon.sync.log').search_read([['order_ref', '=', bad]], ['state', 'sale_order_id']));
    expect(after.state).toBe('done');
    expect(after.sale_order_id).toBeTruthy();
  });

  test('a 429 storm and 5xx answers during the sync lose nothing', async () => {
    const refs = seed(4);
    setup.sandbox.control.injectFault({ type: 'throttle', count: 6 });
    setup.sandbox.control.injectFault({ type: 'error500', count: 2 });
    setup.sandbox.control.injectFault({ type: 'error503', count: 1 });
    const summary = await syncOrders(ctx(), setup.accountId);
    expect(summary).toMatchObject({ state: 'done', failed: 0 });
    expect(setup.sandbox.control.pendingFaults()).toEqual([]);
    expect(await count(refs)).toBe(4);
  });

  test('two syncs of the same account at once import each order once', async () => {
    const refs = seed(5);
    const results = await Promise.all([syncOrders(ctx(), setup.accountId), syncOrders(ctx(), setup.accountId)]);
    expect(results.map((r) => r.state).sort()).toEqual(['busy', 'done']);
    // A second pass after the busy one creates nothing either.
    await setup.t.commit((env) => env.cr.query("UPDATE amazon_account SET last_orders_sync = last_orders_sync - interval '1 hour' WHERE id = $1", [setup.accountId]));
    expect((await syncOrders(ctx(), setup.accountId)).created).toBe(0);
    expect(await count(refs)).toBe(5);
  });
});
