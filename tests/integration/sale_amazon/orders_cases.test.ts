import { engines } from '../../support/db';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { amazonDatabase, createAccount, DE, FR, importOrder, US, type AmazonTestSetup } from './helpers';

const US_ADDRESS = { name: 'Ann Lee', addressLine1: '5 Pine Rd', city: 'Austin', stateOrRegion: 'TX', postalCode: '73301', countryCode: 'US' };

for (const engine of engines()) describe(`sale_amazon order cases on ${engine}`, () => {
  let setup: AmazonTestSetup;
  let euAccountId: number;
  const sync = (accountId: number) => syncOrders({ db: setup.t.db, registry: setup.t.registry }, accountId);
  beforeAll(async () => {
    setup = await amazonDatabase(engine);
    euAccountId = await createAccount(setup.t, setup.sandbox, 'Sandbox EU', ['fr', 'de']);
  });
  afterAll(() => setup?.close());

  test('FBA order: done moves out of the Amazon location, no delivery order', async () => {
    const { saleOrderId, order } = await importOrder(setup, { marketplaceId: US, channel: 'FBA', status: 'Shipped', buyer: { name: 'Fay Bay', email: 'fay@marketplace.amazon.com' },
      shippingAddress: US_ADDRESS as never, items: [{ sku: 'FBA-BOOK', quantityOrdered: 2, itemPrice: 24, itemTax: 2 }] });
    await setup.t.rollback(async (env) => {
      const so = await env.model('sale.order').browse([saleOrderId]).fetchOne(['amount_total', 'picking_ids', 'amazon_channel']);
      expect(so.amazon_channel).toBe('fba');
      expect(so.amount_total).toBeCloseTo(order.orderTotal!, 2);
      expect(so.picking_ids).toEqual([]);
      const [account] = await env.model('amazon.account').browse([setup.accountId]).fetch(['location_id']);
      const moves = await env.model('stock.move').search_read([['sale_line_id.order_id', '=', saleOrderId]], ['state', 'location_id', 'location_dest_id', 'quantity', 'picking_id']);
      expect(moves).toHaveLength(1);
      expect(moves[0]).toMatchObject({ state: 'done', quantity: 2, picking_id: false });
      expect(moves[0].location_id[0]).toBe(account.location_id);
      expect(moves[0].location_dest_id[0]).toBe(await env.refId('stock.stock_location_customers'));
    });
  });

  test.each([
    ['FR', FR, 'EUR'],
    ['DE', DE, 'EUR'],
  ])('%s tax-included order with shipping, promotion and gift wrap: total to the cent', async (_code, marketplaceId, currency) => {
    const { saleOrderId, order } = await importOrder(setup, { marketplaceId, channel: 'FBM', status: 'Unshipped', currency,
      buyer: { name: 'Élise Martin', email: `elise.${_code}@marketplace.amazon.fr` },
      items: [
        { sku: 'TEA', quantityOrdered: 3, itemPrice: 35.97, itemTax: 6.0, shippingPrice: 4.99, shippingTax: 0.83, promotionDiscount: 3.5, promotionDiscountTax: 0.58,
          isGift: true, giftWrapPrice: 2.99, giftWrapTax: 0.5, giftWrapLevel: 'Classic', giftMessage: 'Joyeux anniversaire' },
        { sku: 'CUP', quantityOrdered: 1, itemPrice: 9.99, itemTax: 1.67 },
      ] }, euAccountId);
    expect(order.orderTotal).toBeGreaterThan(0);
    await setup.t.rollback(async (env) => {
      const so = await env.model('sale.order').browse([saleOrderId]).read(['amount_total', 'currency_id', 'amazon_marketplace_id', 'order_line']);
      expect(so[0].amount_total).toBeCloseTo(order.orderTotal!, 2);
      expect(so[0].currency_id[1]).toBe('EUR');
      expect(so[0].amazon_marketplace_id[0]).toBe(await env.refId(`sale_amazon.marketplace_${_code.toLowerCase()}`));
      const lines = await env.model('sale.order.line').search_read([['order_id', '=', saleOrderId]], ['name', 'price_total']);
      // goods, shipping, promotion and gift wrap each show as their own line
      expect(lines.length).toBeGreaterThanOrEqual(5);
    });
  });

  test.each([
    ['US', US, 'USD'],
    ['DE', DE, 'EUR'],
  ])('FBA order on %s with shipping, promotion and gift wrap: total to the cent', async (code, marketplaceId, currency) => {
    const { saleOrderId, order } = await importOrder(setup, { marketplaceId, channel: 'FBA', status: 'Shipped', currency,
      buyer: { name: 'Theo Gift', email: `theo.${code}@marketplace.amazon.com` },
      items: [{ sku: 'FBA-GIFT', quantityOrdered: 2, itemPrice: 41.98, itemTax: code === 'US' ? 3.46 : 6.7, shippingPrice: 5.99, shippingTax: code === 'US' ? 0.49 : 0.96,
        promotionDiscount: 4, promotionDiscountTax: code === 'US' ? 0.33 : 0.64, isGift: true, giftWrapPrice: 3.49, giftWrapTax: code === 'US' ? 0.29 : 0.56, giftWrapLevel: 'Classic', giftMessage: 'Enjoy' }] },
    code === 'US' ? setup.accountId : euAccountId);
    await setup.t.rollback(async (env) => {
      const so = await env.model('sale.order').browse([saleOrderId]).fetchOne(['amount_total', 'picking_ids', 'note']);
      expect(so.amount_total).toBeCloseTo(order.orderTotal!, 2);
      expect(so.picking_ids).toEqual([]);
      expect(so.note).toContain('Enjoy');
      // Each line is delivered as its done moves say: goods 2, shipping (a service, no move) 0.
      const lines = await env.model('sale.order.line').search_read([['order_id', '=', saleOrderId], ['display_type', '=', false]], ['qty_delivered', 'move_ids']);
      const moved = new Map((await env.model('stock.move').search_read([['sale_line_id.order_id', '=', saleOrderId], ['state', '=', 'done']], ['quantity'])).map((m) => [m.id, m.quantity as number]));
      const byMoves = lines.map((l) => (l.move_ids as number[]).reduce((sum, id) => sum + (moved.get(id) ?? 0), 0));
      expect(lines.map((l) => l.qty_delivered)).toEqual(byMoves);
      expect(byMoves).toContain(2);
      expect(byMoves).toContain(0);
    });
  });

  test('a free replacement order comes without total or currency: imported in the marketplace\'s currency', async () => {
    const { saleOrderId } = await importOrder(setup, { marketplaceId: DE, channel: 'FBM', status: 'Unshipped', currency: null, isReplacementOrder: true, replacedOrderRef: '302-1111111-2222222',
      buyer: { name: 'Rita Ersatz', email: 'rita@marketplace.amazon.de' }, items: [{ sku: 'REPLACE-CUP', quantityOrdered: 1, itemPrice: 0, itemTax: 0 }] }, euAccountId);
    await setup.t.rollback(async (env) => {
      const [so] = await env.model('sale.order').browse([saleOrderId]).read(['currency_id', 'amount_total', 'state', 'picking_ids']);
      expect(so).toMatchObject({ amount_total: 0, state: 'sale' });
      expect(so.currency_id[1]).toBe('EUR');
      expect(so.picking_ids).toHaveLength(1);
    });
  });

  test('partners: same buyer and address reused; new address a new contact; another recipient a delivery address', async () => {
    const buyer = { name: 'Rui Costa', email: 'rui@marketplace.amazon.com' };
    const seed = (address: object) => ({ marketplaceId: US, channel: 'FBA' as const, status: 'Shipped' as const, buyer, shippingAddress: address as never, items: [{ sku: 'FBA-BOOK', quantityOrdered: 1, itemPrice: 12, itemTax: 1 }] });
    const home = { ...US_ADDRESS, name: 'Rui Costa' };
    const a = await importOrder(setup, seed(home));
    const b = await importOrder(setup, seed(home));
    const c = await importOrder(setup, seed({ ...home, addressLine1: '9 Oak Ave' }));
    const d = await importOrder(setup, seed({ ...home, name: 'Mia Costa' }));
    await setup.t.rollback(async (env) => {
      const read = async (id: number) => env.model('sale.order').browse([id]).fetchOne(['partner_id', 'partner_shipping_id']);
      const [ra, rb, rc, rd] = [await read(a.saleOrderId), await read(b.saleOrderId), await read(c.saleOrderId), await read(d.saleOrderId)];
      expect(rb.partner_id).toBe(ra.partner_id);
      expect(rc.partner_id).not.toBe(ra.partner_id);
      expect(rd.partner_id).toBe(ra.partner_id);
      expect(rd.partner_shipping_id).not.toBe(ra.partner_id);
      const [delivery] = await env.model('res.partner').browse([rd.partner_shipping_id]).fetch(['type', 'parent_id', 'name', 'state_id']);
      expect(delivery).toMatchObject({ type: 'delivery', parent_id: ra.partner_id, name: 'Mia Costa' });
      expect(delivery.state_id).toBeTruthy();
    });
  });

  test('cancelled before delivery: order and delivery cancelled, with a message', async () => {
    const { order, saleOrderId } = await importOrder(setup, { marketplaceId: US, channel: 'FBM', status: 'Unshipped', buyer: { name: 'Cal Nope', email: 'cal@marketplace.amazon.com' },
      shippingAddress: US_ADDRESS as never, items: [{ sku: 'LAMP', quantityOrdered: 1, itemPrice: 30, itemTax: 2 }] });
    setup.sandbox.control.setStatus(order.ref, 'Canceled');
    setup.sandbox.control.advanceClock(600);
    expect(await sync(setup.accountId)).toMatchObject({ failed: 0, updated: 1 });
    await setup.t.rollback(async (env) => {
      expect((await env.model('sale.order').browse([saleOrderId]).fetchOne(['state'])).state).toBe('cancel');
      const pickings = await env.model('stock.picking').search_read([['sale_id', '=', saleOrderId]], ['state']);
      expect(pickings.map((p) => p.state)).toEqual(['cancel']);
      const messages = await env.model('mail.message').search_read([['model', '=', 'sale.order'], ['res_id', '=', saleOrderId]], ['body']);
      expect(messages.some((m) => /Amazon cancelled this order/.test(m.body))).toBe(true);
    });
  });

  test('cancelled after the goods left: order kept, message and an activity to create a return', async () => {
    const { order, saleOrderId } = await importOrder(setup, { marketplaceId: US, channel: 'FBA', status: 'Shipped', buyer: { name: 'Gus Late', email: 'gus@marketplace.amazon.com' },
      shippingAddress: US_ADDRESS as never, items: [{ sku: 'FBA-BOOK', quantityOrdered: 1, itemPrice: 12, itemTax: 1 }] });
    setup.sandbox.control.setStatus(order.ref, 'Canceled');
    setup.sandbox.control.advanceClock(600);
    expect(await sync(setup.accountId)).toMatchObject({ failed: 0, updated: 1 });
    await setup.t.rollback(async (env) => {
      expect((await env.model('sale.order').browse([saleOrderId]).fetchOne(['state'])).state).toBe('sale');
      const activities = await env.model('mail.activity').search_read([['res_model', '=', 'sale.order'], ['res_id', '=', saleOrderId]], ['summary', 'state']);
      expect(activities).toEqual([expect.objectContaining({ summary: 'Create a return', state: 'open' })]);
      const messages = await env.model('mail.message').search_read([['model', '=', 'sale.order'], ['res_id', '=', saleOrderId]], ['body']);
      expect(messages.some((m) => /after products had already been shipped/.test(m.body))).toBe(true);
    });
  });

  test('business buyer: VAT on the customer and the invoice; invoice excluded from tax services; e-mail refused', async () => {
    const { saleOrderId } = await importOrder(setup, { marketplaceId: DE, channel: 'FBA', status: 'Shipped', currency: 'EUR', isBusinessOrder: true,
      buyer: { name: 'Max Muster', email: 'einkauf@marketplace.amazon.de', companyName: 'Muster GmbH', vatNumber: 'DE123456789' },
      shippingAddress: { name: 'Muster GmbH', addressLine1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', countryCode: 'DE', addressType: 'Commercial' } as never,
      items: [{ sku: 'TEA', quantityOrdered: 2, itemPrice: 23.8, itemTax: 3.8 }] }, euAccountId);
    await setup.t.rollback(async (env) => {
      const order = env.model('sale.order').browse([saleOrderId]) as any;
      const [customer] = await env.model('res.partner').browse([(await order.fetchOne(['partner_id'])).partner_id]).fetch(['name', 'vat', 'is_company']);
      expect(customer).toMatchObject({ name: 'Muster GmbH', vat: 'DE123456789', is_company: true });
      const invoice = await order._create_invoices();
      expect(invoice.ids).toHaveLength(1);
      const [row] = await invoice.read(['partner_vat', 'amazon_account_id', 'amazon_marketplace_id', 'external_tax_sync_excluded', 'amount_total']);
      expect(row.partner_vat).toBe('DE123456789');
      expect(row.amazon_account_id[0]).toBe(euAccountId);
      expect(row.external_tax_sync_excluded).toBe(true);
      expect(await invoice._is_external_tax_sync_excluded()).toBe(true);
      await expect(invoice.action_invoice_send()).rejects.toThrow(/cannot receive invoices by e-mail.*Download PDF.*Seller Central/s);
      const report = await env.model('sale.report').read_group([['order_id', '=', saleOrderId]], ['price_total:sum'], ['amazon_marketplace_id']);
      expect(report).toHaveLength(1);
      expect(report[0].amazon_marketplace_id[0]).toBe(await env.refId('sale_amazon.marketplace_de'));
    });
  });

  test('install created the "Amazon Payments" bank journal with Batch Deposit on its own intermediary account', async () => {
    await setup.t.rollback(async (env) => {
      const [journal] = await env.model('account.journal').search_read([['code', '=', 'AMZN']], ['name', 'type', 'inbound_payment_method_line_ids', 'default_account_id']);
      expect(journal).toMatchObject({ name: 'Amazon Payments', type: 'bank' });
      const methods = await env.model('account.payment.method.line').search_read([['id', 'in', journal.inbound_payment_method_line_ids]], ['code', 'payment_account_id']);
      const batch = methods.find((m) => m.code === 'batch_payment');
      expect(batch).toBeDefined();
      expect(batch!.payment_account_id).toBeTruthy();
      const [account] = await env.model('account.account').browse([batch!.payment_account_id[0]]).fetch(['reconcile', 'account_type']);
      expect(account).toMatchObject({ reconcile: true, account_type: 'asset_current' });
      expect(batch!.payment_account_id[0]).not.toBe(journal.default_account_id[0]);
    });
  });
});

for (const engine of engines()) describe(`sale_amazon screens on ${engine}`, () => {
  let setup: AmazonTestSetup;
  beforeAll(async () => { setup = await amazonDatabase(engine); });
  afterAll(() => setup?.close());

  test('account form: developer-only sync buttons and cursor, sync log with Retry, runs; Retry with nothing to retry says so', async () => {
    await setup.t.rollback(async (env) => {
      const [view] = await env.model('ir.ui.view').search_read([['id', '=', await env.refId('sale_amazon.view_amazon_account_form')]], ['arch']);
      const arch = typeof view.arch === 'string' ? JSON.parse(view.arch) : view.arch;
      const buttons = arch.header.buttons.filter((b: any) => b.groups === 'base.group_no_one').map((b: any) => b.name);
      expect(buttons).toEqual(['action_sync_orders', 'action_sync_pickings']);
      const text = JSON.stringify(arch);
      for (const name of ['refresh_token', 'last_orders_sync', 'sync_log_ids', 'sync_run_ids', 'action_retry_failed_orders', 'Order Follow-up']) expect(text).toContain(name);
      const menu = await env.model('ir.ui.menu').search_read([['id', '=', await env.refId('sale_amazon.menu_amazon_accounts')]], ['action']);
      expect(menu).toHaveLength(1);
      // Nothing waits for a retry: the button says so instead of queueing nothing.
      const action = await (env.model('amazon.account').browse([setup.accountId]) as any).action_retry_failed_orders();
      expect(action.params.message).toMatch(/No order is waiting/);
    });
  });
});
