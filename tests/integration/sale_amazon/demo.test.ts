/**
 * The demo `npm start` gives on a fresh machine: a demo company whose Amazon account is linked to
 * the in-process sandbox, which has recent orders (and keeps generating more); Sync Orders imports them.
 */
import type { App } from '../../../addons/base/http/routes';
import { startDemoServices } from '../../../addons/sale_amazon/services/demo';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { createTestDatabase, engines, type TestDatabase } from '../../support/db';

jest.setTimeout(180_000);

for (const engine of engines()) describe(`sale_amazon demo on ${engine}`, () => {
  let t: TestDatabase;
  let demo: { stop(): Promise<void> } | null = null;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sale_amazon'], demo: true }); });
  afterAll(async () => {
    await demo?.stop();
    await t?.close();
  });

  test('the demo accounts (North America and Europe) sync from the sandbox started with the server: orders imported, none failed', async () => {
    const accountIds = await t.rollback(async (env) => [await env.refId('sale_amazon.demo_account'), await env.refId('sale_amazon.demo_account_eu')]);
    expect(accountIds.every(Boolean)).toBe(true);
    demo = await startDemoServices({ db: t.db, registry: t.registry } as App);
    expect(demo).not.toBeNull();
    const endpoint = await t.rollback(async (env) => (await env.cr.query<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'sale_amazon.sp_api_endpoint'")).rows[0]?.value);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    for (const accountId of accountIds) {
      const summary = await syncOrders({ db: t.db, registry: t.registry }, accountId!);
      // The errors of orders kept for retry, if any, show in the failure.
      const errors = await t.rollback(async (env) => env.model('amazon.sync.log').search_read([['account_id', '=', accountId]], ['order_ref', 'error']));
      expect(errors).toEqual([]);
      expect(summary).toMatchObject({ state: 'done', failed: 0 });
      expect(summary.created).toBeGreaterThan(0);
      await t.rollback(async (env) => {
        const orders = await env.model('sale.order').search_read([['amazon_account_id', '=', accountId]], ['state']);
        expect(orders).toHaveLength(summary.created);
        expect(orders.every((o) => o.state === 'sale')).toBe(true);
      });
    }
  });
});
