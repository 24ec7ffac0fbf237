import { backgroundJobsSettled } from '../../../addons/base/db/background_jobs';
import type { Environment } from '../../../addons/base/orm/environment';
import { engines } from '../../support/db';
import { syncPickings } from '../../../addons/sale_amazon/services/shipment_confirmation';
import { createAccountPort } from '../../../addons/sale_amazon/services/port_factory';
import { amazonDatabase, importOrder, US, type AmazonTestSetup } from './helpers';

const BUYER = { name: 'Sam Carter', email: 'sam@marketplace.amazon.com' };
const ADDRESS = { name: 'Sam Carter', addressLine1: '1 Main St', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US' };

async function deliveryOf(env: Environment, saleOrderId: number): Promise<any> {
  return env.model('stock.picking').search([['sale_id', '=', saleOrderId], ['state', 'not in', ['done', 'cancel']]], { limit: 1 });
}

async function carrier(env: Environment, name: string): Promise<number> {
  const product = await env.model('product.product').create({ name: `${name} shipping`, type: 'service' });
  return (await env.model('delivery.carrier').create({ name, product_id: product.ids[0] })).ids[0];
}

/** Sets every move of the delivery to its full demand (or the given quantity per product name). */
async function pick(env: Environment, picking: any, quantities?: Record<string, number>): Promise<void> {
  const moves = await env.model('stock.move').search_read([['picking_id', '=', picking.ids[0]]], ['product_id', 'product_uom_qty']);
  for (const move of moves) {
    // The display name carries the internal reference ("[LAMP] LAMP").
    const qty = quantities ? Object.entries(quantities).find(([name]) => String(move.product_id[1]).includes(name))?.[1] ?? 0 : move.product_uom_qty;
    await env.model('stock.move').browse([move.id]).write({ quantity: qty });
  }
}

for (const engine of engines()) describe(`sale_amazon FBM deliveries on ${engine}`, () => {
  let setup: AmazonTestSetup;
  beforeAll(async () => {
    setup = await amazonDatabase(engine);
    await setup.t.commit(async (env) => {
      for (const sku of ['LAMP', 'BULB']) await env.model('product.product').create({ name: sku, default_code: sku, type: 'consu' });
    });
  });
  afterAll(() => setup?.close());

  test('validation without carrier or tracking is refused with what to set; nothing is done', async () => {
    const { saleOrderId } = await importOrder(setup, { marketplaceId: US, channel: 'FBM', status: 'Unshipped', buyer: BUYER, shippingAddress: ADDRESS as never, items: [{ sku: 'LAMP', quantityOrdered: 1, itemPrice: 30, itemTax: 2 }] });
    await setup.t.rollback(async (env) => {
      const picking = await deliveryOf(env, saleOrderId);
      await pick(env, picking);
      await expect(picking.button_validate()).rejects.toThrow(/Set the Carrier on this delivery/);
      await picking.write({ carrier_id: await carrier(env, 'UPS') });
      await expect(picking.button_validate()).rejects.toThrow(/Enter the Tracking Reference given by UPS/);
      expect((await picking.fetchOne(['state'])).state).not.toBe('done');
    });
  });

  test('partial delivery then backorder: two confirmations with the quantities shipped; "dHl" matches DHL', async () => {
    const { order, saleOrderId } = await importOrder(setup, { marketplaceId: US, channel: 'FBM', status: 'Unshipped', buyer: BUYER, shippingAddress: ADDRESS as never,
      items: [{ sku: 'LAMP', quantityOrdered: 3, itemPrice: 90, itemTax: 6 }, { sku: 'BULB', quantityOrdered: 2, itemPrice: 10, itemTax: 1 }] });
    const [lamp, bulb] = order.items.map((i) => i.ref);
    await setup.t.commit(async (env) => {
      const picking = await deliveryOf(env, saleOrderId);
      await picking.write({ carrier_id: await carrier(env, 'dHl'), carrier_tracking_ref: 'TRACK-1' });
      await pick(env, picking, { LAMP: 2, BULB: 2 });
      const wizardAction = await picking.button_validate();
      expect(wizardAction.res_model).toBe('stock.backorder.confirmation');
      const wizard = await env.model('stock.backorder.confirmation').withContext(wizardAction.context).create({});
      await (wizard as any).process();
      expect((await picking.fetchOne(['state', 'amazon_sync_status']))).toMatchObject({ state: 'done', amazon_sync_status: 'pending' });
    });
    expect(await syncPickings({ db: setup.t.db, registry: setup.t.registry }, setup.accountId)).toMatchObject({ done: 1, failed: 0 });
    await setup.t.commit(async (env) => {
      const backorder = await deliveryOf(env, saleOrderId);
      await backorder.write({ carrier_id: await carrier(env, 'Royal Parcel Express'), carrier_tracking_ref: 'TRACK-2' });
      await pick(env, backorder);
      expect(await backorder.button_validate()).toBe(true);
    });
    expect(await syncPickings({ db: setup.t.db, registry: setup.t.registry }, setup.accountId)).toMatchObject({ done: 1, failed: 0 });
    const packages = setup.sandbox.control.confirmations().filter((c) => c.orderRef === order.ref).map((c) => c.package);
    expect(packages).toHaveLength(2);
    expect(packages[0]).toMatchObject({ carrierCode: 'DHL', trackingNumber: 'TRACK-1' });
    expect(new Map(packages[0].items.map((i) => [i.orderItemId, i.quantity]))).toEqual(new Map([[lamp, 2], [bulb, 2]]));
    expect(packages[1]).toMatchObject({ carrierCode: 'Other', carrierName: 'Royal Parcel Express', trackingNumber: 'TRACK-2' });
    expect(packages[1].items).toEqual([{ orderItemId: lamp, quantity: 1 }]);
    await setup.t.rollback(async (env) => {
      const statuses = await env.model('stock.picking').search_read([['sale_id', '=', saleOrderId]], ['amazon_sync_status']);
      expect(statuses.map((s) => s.amazon_sync_status)).toEqual(['done', 'done']);
    });
  });

  test('"Self Delivery" is sent as Amazon\'s own code', async () => {
    const { order, saleOrderId } = await importOrder(setup, { marketplaceId: US, channel: 'FBM', status: 'Unshipped', buyer: BUYER, shippingAddress: ADDRESS as never, items: [{ sku: 'BULB', quantityOrdered: 1, itemPrice: 5, itemTax: 0.5 }] });
    await setup.t.commit(async (env) => {
      const picking = await deliveryOf(env, saleOrderId);
      await picking.write({ carrier_id: await carrier(env, 'self delivery'), carrier_tracking_ref: 'OWN-1' });
      await pick(env, picking);
      expect(await picking.button_validate()).toBe(true);
    });
    await syncPickings({ db: setup.t.db, registry: setup.t.registry }, setup.accountId);
    const [confirmation] = setup.sandbox.control.confirmations().filter((c) => c.orderRef === order.ref);
    expect(confirmation.package).toMatchObject({ carrierCode: 'Self Delivery', trackingNumber: 'OWN-1' });
  });

  test('a confirmation Amazon refuses leaves the delivery in error with Amazon\'s message; Retry confirms it once Amazon answers', async () => {
    const { order, saleOrderId } = await importOrder(setup, { marketplaceId: US, channel: 'FBM', status: 'Unshipped', buyer: BUYER, shippingAddress: ADDRESS as never, items: [{ sku: 'LAMP', quantityOrdered: 1, itemPrice: 30, itemTax: 2 }] });
    const pickingId = await setup.t.commit(async (env) => {
      const picking = await deliveryOf(env, saleOrderId);
      await picking.write({ carrier_id: await carrier(env, 'USPS'), carrier_tracking_ref: '9400-RETRY' });
      await pick(env, picking);
      expect(await picking.button_validate()).toBe(true);
      return picking.ids[0] as number;
    });
    // Amazon keeps failing beyond the client's bounded retries.
    setup.sandbox.control.injectFault({ type: 'error503', operation: 'ordersV0.confirmShipment', count: 100 });
    expect(await syncPickings({ db: setup.t.db, registry: setup.t.registry }, setup.accountId)).toMatchObject({ done: 0, failed: 1 });
    setup.sandbox.control.clearFaults();
    await setup.t.rollback(async (env) => {
      const [row] = await env.model('stock.picking').browse([pickingId]).fetch(['amazon_sync_status', 'amazon_sync_error']);
      expect(row.amazon_sync_status).toBe('error');
      expect(row.amazon_sync_error).toBe('Amazon refused the shipment confirmation (ServiceUnavailable): Service temporarily unavailable. Please try again.');
      const messages = await env.model('mail.message').search_read([['model', '=', 'stock.picking'], ['res_id', '=', pickingId]], ['body']);
      expect(messages.some((m) => /Amazon could not be told about this shipment/.test(m.body))).toBe(true);
      const run = await env.model('amazon.sync.run').search_read([['account_id', '=', setup.accountId], ['kind', '=', 'pickings']], ['fetched', 'updated', 'failed', 'state'], { limit: 1, order: 'id desc' });
      expect(run[0]).toMatchObject({ fetched: 1, updated: 0, failed: 1, state: 'done' });
    });
    expect(setup.sandbox.control.confirmations().filter((c) => c.orderRef === order.ref)).toEqual([]);
    // Retry (the delivery's button): queued again in this transaction, confirmed in the background once it commits.
    await setup.t.commit(async (env) => { expect(await (env.model('stock.picking').browse([pickingId]) as any).action_retry_amazon_sync()).toBe(true); });
    await backgroundJobsSettled();
    await setup.t.rollback(async (env) => {
      expect(await env.model('stock.picking').browse([pickingId]).fetchOne(['amazon_sync_status', 'amazon_sync_error'])).toMatchObject({ amazon_sync_status: 'done', amazon_sync_error: false });
      await expect((env.model('stock.picking').browse([pickingId]) as any).action_retry_amazon_sync()).rejects.toThrow('Only deliveries whose confirmation to Amazon failed can be retried.');
    });
    expect(setup.sandbox.control.confirmations().filter((c) => c.orderRef === order.ref).map((c) => c.package.trackingNumber)).toEqual(['9400-RETRY']);
  });
  test('an account unlinked while its deliveries are confirmed: the run stops before the next one, which stays pending', async () => {
    const pickingIds: number[] = [];
    for (const name of ['Unlink One', 'Unlink Two']) {
      const { saleOrderId } = await importOrder(setup, { marketplaceId: US, channel: 'FBM', status: 'Unshipped', buyer: { ...BUYER, name }, shippingAddress: ADDRESS as never, items: [{ sku: 'LAMP', quantityOrdered: 1, itemPrice: 30, itemTax: 2 }] });
      await setup.t.commit(async (env) => {
        const picking = await deliveryOf(env, saleOrderId);
        await picking.write({ carrier_id: await carrier(env, 'UPS'), carrier_tracking_ref: `1Z-${name}` });
        await pick(env, picking);
        expect(await picking.button_validate()).toBe(true);
        pickingIds.push(picking.ids[0]);
      });
    }
    const token = await setup.t.rollback(async (env) => (await env.cr.query('SELECT refresh_token FROM amazon_account WHERE id = $1', [setup.accountId])).rows[0].refresh_token);
    const real = await setup.t.commit((env) => createAccountPort(env, setup.accountId));
    const port = Object.create(real);
    // The admin clicks Unlink while Amazon is told about the first delivery.
    port.confirmShipment = async (confirmation: never) => {
      await real.confirmShipment(confirmation);
      await setup.t.commit((env) => (env.model('amazon.account').browse([setup.accountId]) as any).action_reset_refresh_token());
    };
    try {
      expect(await syncPickings({ db: setup.t.db, registry: setup.t.registry }, setup.accountId, port, pickingIds)).toMatchObject({ done: 1, failed: 0 });
      const states = await setup.t.rollback(async (env) => (await env.model('stock.picking').browse(pickingIds).read(['amazon_sync_status'])).map((p) => p.amazon_sync_status));
      expect(states).toEqual(['done', 'pending']);
      const [run] = await setup.t.rollback((env) => env.model('amazon.sync.run').search_read([['account_id', '=', setup.accountId], ['kind', '=', 'pickings']], ['state', 'message'], { order: 'id desc', limit: 1 }));
      expect(run).toMatchObject({ state: 'interrupted', message: expect.stringContaining('unlinked from Amazon') });
    } finally {
      real.close();
      await setup.t.commit((env) => env.cr.query('UPDATE amazon_account SET refresh_token = $2 WHERE id = $1', [setup.accountId, token]));
    }
  });
});
