/**
 * Forcing a re-sync and recovering one order, the way an administrator does it in the web client:
 * everything through RPC, the sync running after the button's transaction commits.
 */
import { engines } from '../../support/db';
import { RpcError, type RpcClient } from '../../support/server';
import { amazonServer, enterDeveloperMode, odooDatetime, US, userWithGroups, waitForRun, type AmazonServerSetup } from './helpers';

const BUYER = { name: 'Noor Haddad', email: 'noor@marketplace.amazon.com' };
const ADDRESS = { name: 'Noor Haddad', addressLine1: '12 Elm St', city: 'Denver', stateOrRegion: 'CO', postalCode: '80202', countryCode: 'US' };

for (const engine of engines()) describe(`sale_amazon force sync and recovery over RPC on ${engine}`, () => {
  let setup: AmazonServerSetup;
  let admin: RpcClient;
  let lastRun = 0;
  beforeAll(async () => {
    setup = await amazonServer(engine);
    admin = await setup.server.login('admin', 'admin');
    await enterDeveloperMode(setup.server, admin);
  });
  afterAll(() => setup?.close());

  async function syncNow(): Promise<Record<string, any>> {
    const action = await admin.call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[setup.accountId]], kwargs: {} });
    expect(action).toMatchObject({ type: 'ir.actions.client', tag: 'display_notification' });
    const run = await waitForRun(admin, setup.accountId, lastRun);
    lastRun = run.id;
    return run;
  }

  const ordersWithRef = (ref: string) => admin.callKw('sale.order', 'search_read', [[['amazon_order_ref', '=', ref]]], { fields: ['name', 'state', 'picking_ids', 'amazon_channel'] });

  test('force sync: the admin moves Last Order Sync back, Sync Orders re-reads the order and creates no duplicate', async () => {
    const { sandbox, accountId } = setup;
    const [order] = sandbox.control.seedOrders([{ marketplaceId: US, channel: 'FBM', status: 'Unshipped', lastUpdateDate: sandbox.control.now(), buyer: BUYER, shippingAddress: ADDRESS as never,
      items: [{ sku: 'FORCE-1', quantityOrdered: 1, itemPrice: 15, itemTax: 1.2 }] }]);
    sandbox.control.advanceClock(180);
    expect(await syncNow()).toMatchObject({ state: 'done', created: 1, failed: 0 });
    expect(await ordersWithRef(order.ref)).toHaveLength(1);

    // Once the cursor is past the order (and the few minutes of overlap), syncs no longer see it.
    sandbox.control.advanceClock(3600);
    await syncNow();
    sandbox.control.advanceClock(600);
    expect(await syncNow()).toMatchObject({ state: 'done', fetched: 0, created: 0 });

    const before = odooDatetime(order.lastUpdateDate, -3600);
    await admin.callKw('amazon.account', 'write', [[accountId], { last_orders_sync: before }]);
    const [account] = await admin.callKw('amazon.account', 'read', [[accountId], ['last_orders_sync', 'last_orders_sync_warning']]);
    expect(account.last_orders_sync).toBe(before);
    expect(account.last_orders_sync_warning).toMatch(/^The next synchronisation reads again every order changed since/);

    const forced = await syncNow();
    expect(forced).toMatchObject({ state: 'done', created: 0, failed: 0 });
    expect(forced.fetched).toBeGreaterThanOrEqual(1);
    const orders = await ordersWithRef(order.ref);
    expect(orders).toHaveLength(1);
    expect(orders[0].picking_ids).toHaveLength(1);
    // The cursor moved forward again, past the order.
    const [after] = await admin.callKw('amazon.account', 'read', [[accountId], ['last_orders_sync']]);
    expect(after.last_orders_sync > odooDatetime(order.lastUpdateDate)).toBe(true);
  });

  test('Recover Order imports one order older than the cursor, by its reference, through the wizard', async () => {
    const { sandbox, accountId } = setup;
    const old = new Date(Date.parse(sandbox.control.now()) - 3 * 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const [order] = sandbox.control.seedOrders([{ marketplaceId: US, channel: 'FBM', status: 'Unshipped', lastUpdateDate: old, purchaseDate: old, buyer: BUYER, shippingAddress: ADDRESS as never,
      items: [{ sku: 'RECOVER-1', quantityOrdered: 2, itemPrice: 40, itemTax: 3.3 }] }]);
    sandbox.control.advanceClock(180);
    expect(await syncNow()).toMatchObject({ state: 'done', created: 0 });
    expect(await ordersWithRef(order.ref)).toEqual([]);

    const context = { active_id: accountId, active_model: 'amazon.account' };
    const defaults = await admin.callKw('amazon.recover.order.wizard', 'default_get', [['account_id']], { context });
    expect(defaults.account_id).toBe(accountId);
    const wizardId = await admin.callKw('amazon.recover.order.wizard', 'create', [{ amazon_order_ref: ` ${order.ref} ` }], { context });
    const action = await admin.call('/web/dataset/call_button', { model: 'amazon.recover.order.wizard', method: 'action_recover_order', args: [[wizardId]], kwargs: { context } });
    expect(action).toMatchObject({ type: 'ir.actions.act_window', res_model: 'sale.order', target: 'current' });
    const [recovered] = await ordersWithRef(order.ref);
    expect(recovered).toMatchObject({ id: action.res_id, state: 'sale', amazon_channel: 'fbm' });
    expect(recovered.picking_ids).toHaveLength(1);

    // Recovering it again finds the same order; a mistyped reference says what one looks like.
    const again = await admin.callKw('amazon.recover.order.wizard', 'create', [{ amazon_order_ref: order.ref }], { context });
    expect((await admin.call('/web/dataset/call_button', { model: 'amazon.recover.order.wizard', method: 'action_recover_order', args: [[again]], kwargs: {} })).res_id).toBe(action.res_id);
    expect(await ordersWithRef(order.ref)).toHaveLength(1);
    const typo = await admin.callKw('amazon.recover.order.wizard', 'create', [{ amazon_order_ref: '123-45' }], { context });
    const error = await admin.call('/web/dataset/call_button', { model: 'amazon.recover.order.wizard', method: 'action_recover_order', args: [[typo]], kwargs: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error.data).toMatchObject({ name: 'odoo.exceptions.UserError', message: '"123-45" is not an Amazon order reference: it looks like 123-1234567-1234567.' });
    const unknown = await admin.callKw('amazon.recover.order.wizard', 'create', [{ amazon_order_ref: '999-9999999-9999999' }], { context });
    const missing = await admin.call('/web/dataset/call_button', { model: 'amazon.recover.order.wizard', method: 'action_recover_order', args: [[unknown]], kwargs: {} }).catch((e) => e);
    expect(missing.data.message).toBe('Amazon has no order 999-9999999-9999999 for this account.');

    const salesman = await userWithGroups(setup.server, 'recover-salesman', ['sales_team.group_sale_salesman']);
    const refused = await salesman.callKw('amazon.recover.order.wizard', 'create', [{ amazon_order_ref: order.ref }], { context }).catch((e) => e);
    expect(refused.data.name).toBe('odoo.exceptions.AccessError');
  });

  test('FBM order shipped by the seller outside the ERP: Amazon says Shipped, the open delivery is marked as known and needs no tracking', async () => {
    const { sandbox } = setup;
    const [order] = sandbox.control.seedOrders([{ marketplaceId: US, channel: 'FBM', status: 'Unshipped', lastUpdateDate: sandbox.control.now(), buyer: BUYER, shippingAddress: ADDRESS as never,
      items: [{ sku: 'SHIPPED-1', quantityOrdered: 1, itemPrice: 25, itemTax: 2 }] }]);
    sandbox.control.advanceClock(180);
    expect(await syncNow()).toMatchObject({ created: 1 });
    const [so] = await ordersWithRef(order.ref);
    const [open] = await admin.callKw('stock.picking', 'read', [so.picking_ids, ['state', 'amazon_sync_status']]);
    expect(open.amazon_sync_status).toBe(false);
    expect(open.state).not.toBe('done');

    sandbox.control.setStatus(order.ref, 'Shipped');
    sandbox.control.advanceClock(180);
    expect(await syncNow()).toMatchObject({ state: 'done', updated: 1, failed: 0 });
    const [known] = await admin.callKw('stock.picking', 'read', [so.picking_ids, ['amazon_sync_status']]);
    expect(known.amazon_sync_status).toBe('done');

    // Validating it now asks for no carrier, and nothing is queued for Amazon.
    for (const move of await admin.callKw('stock.move', 'search_read', [[['picking_id', '=', so.picking_ids[0]]]], { fields: ['product_uom_qty'] })) {
      await admin.callKw('stock.move', 'write', [[move.id], { quantity: move.product_uom_qty }]);
    }
    await admin.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [so.picking_ids], kwargs: {} });
    const [validated] = await admin.callKw('stock.picking', 'read', [so.picking_ids, ['state', 'amazon_sync_status']]);
    expect(validated).toMatchObject({ state: 'done', amazon_sync_status: 'done' });
    // A later Shipped seen again changes nothing.
    sandbox.control.advanceClock(600);
    expect(await syncNow()).toMatchObject({ state: 'done', updated: 0 });
  });
});
