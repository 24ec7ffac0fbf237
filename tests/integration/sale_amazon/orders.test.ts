import { engines, type TestDatabase } from '../../support/db';
import type { Sandbox } from '../../support/sandbox';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { amazonDatabase, minutesAgo, orderByRef, US, type AmazonTestSetup } from './helpers';

for (const engine of engines()) describe(`sale_amazon orders on ${engine}`, () => {
  let setup: AmazonTestSetup;
  let t: TestDatabase;
  let sandbox: Sandbox;
  let accountId: number;
  beforeAll(async () => { setup = await amazonDatabase(engine); ({ t, sandbox, accountId } = setup); });
  afterAll(() => setup?.close());

  test('US FBM order: customer, confirmed order at Amazon\'s total, delivery; a forced re-sync duplicates nothing', async () => {
    const [order] = sandbox.control.seedOrders([{
      marketplaceId: US, channel: 'FBM', status: 'Unshipped', lastUpdateDate: minutesAgo(sandbox),
      buyer: { name: 'Jane Doe', email: 'jane@marketplace.amazon.com' },
      items: [{ sku: 'MUG', itemPrice: 20, itemTax: 1.65, shippingPrice: 4.99, shippingTax: 0.41, promotionDiscount: 2, promotionDiscountTax: 0.17,
        isGift: true, giftWrapPrice: 3, giftWrapTax: 0.25, giftWrapLevel: 'Classic', giftMessage: 'Happy birthday' }],
    }]);
    const summary = await syncOrders({ db: t.db, registry: t.registry }, accountId);
    expect(summary).toMatchObject({ state: 'done', failed: 0, created: 1 });
    await t.rollback(async (env) => {
      const so = await orderByRef(env, order.ref, ['amount_total', 'state', 'amazon_channel', 'amazon_account_id', 'partner_id', 'picking_ids', 'note']);
      expect(so.amount_total).toBeCloseTo(order.orderTotal!, 2);
      expect(so.state).toBe('sale');
      expect(so.amazon_channel).toBe('fbm');
      expect(so.amazon_account_id[0]).toBe(accountId);
      expect(so.partner_id[1]).toContain('Jane Doe');
      expect(so.note).toContain('Happy birthday');
      const pickings = await env.model('stock.picking').search_read([['id', 'in', so.picking_ids]], ['picking_type_code', 'state']);
      expect(pickings).toHaveLength(1);
      expect(pickings[0].picking_type_code).toBe('outgoing');
    });
    // Force sync: the admin moves the cursor a day back; the order is read again but not duplicated.
    await t.commit((env) => env.cr.query("UPDATE amazon_account SET last_orders_sync = last_orders_sync - interval '1 day' WHERE id = $1", [accountId]));
    const again = await syncOrders({ db: t.db, registry: t.registry }, accountId);
    expect(again.fetched).toBeGreaterThanOrEqual(1);
    expect(again.created).toBe(0);
    await t.rollback(async (env) => {
      expect(await env.model('sale.order').search_count([['amazon_order_ref', '=', order.ref]])).toBe(1);
      expect(await env.model('stock.picking').search_count([['sale_id.amazon_order_ref', '=', order.ref]])).toBe(1);
    });
  });
});
