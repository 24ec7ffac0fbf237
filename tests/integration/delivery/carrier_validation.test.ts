import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import { UserError } from '../../../addons/base/orm/exceptions';
import type { Environment } from '../../../addons/base/orm/environment';
import { deliveryOrder, onHand, ref, setStock, storableProduct } from '../stock/stock_helpers';

async function carrier(env: Environment, values: Record<string, unknown> = {}): Promise<number> {
  const created = await env.model('delivery.carrier').create({
    name: 'UPS Ground', product_id: await ref(env, 'delivery.product_product_delivery'), fixed_price: 5,
    tracking_url: 'https://track.example.com/?id=<shipmentTrackingNumber>&lang=en', ...values,
  });
  return created.ids[0];
}

for (const engine of engines()) describe(`delivery on ${engine}`, () => {
  let t: TestDatabase;
  let proto: Record<string, unknown>;
  let originals: Record<string, unknown>;
  beforeAll(async () => {
    t = await createTestDatabase(engine, { addons: ['delivery'] });
    // Tests stand in for an addon overriding the hooks (as the Amazon connector does).
    proto = (t.registry.meta('stock.picking').cls as any).prototype;
    originals = { _checkCarrierDetailsBeforeValidate: proto._checkCarrierDetailsBeforeValidate, _send_confirmation_email: proto._send_confirmation_email };
  }, 120_000);
  afterAll(() => t.close());
  afterEach(() => Object.assign(proto, originals));

  /** A ready delivery of 4 with carrier and tracking reference, 10 in stock. */
  async function readyDelivery(env: Environment) {
    const product = await storableProduct(env);
    const stock = await ref(env, 'stock.stock_location_stock');
    await setStock(env, product, stock, 10);
    const picking = await deliveryOrder(env, product, 4, { carrier_id: await carrier(env), carrier_tracking_ref: '1Z 999' });
    await picking.action_assign();
    return { product, stock, picking };
  }

  test('a transfer shows its carrier tracking link', () => t.rollback(async (env) => {
    const { picking } = await readyDelivery(env);
    const [row] = await picking.read(['carrier_id', 'carrier_tracking_ref', 'carrier_tracking_url']);
    expect(row.carrier_id[1]).toBe('UPS Ground');
    expect(row.carrier_tracking_url).toBe('https://track.example.com/?id=1Z%20999&lang=en');
    expect(await (env.model('delivery.carrier').browse([row.carrier_id[0]]) as any).get_tracking_link('AB')).toBe('https://track.example.com/?id=AB&lang=en');
  }));

  test('validation runs the carrier check before anything is done and succeeds when it passes', () => t.rollback(async (env) => {
    const { product, stock, picking } = await readyDelivery(env);
    const seen: string[] = [];
    proto._checkCarrierDetailsBeforeValidate = async function (this: any) {
      seen.push((await this.fetchOne(['state'])).state);
    };
    expect(await picking.button_validate()).toBe(true);
    expect(seen).toEqual(['assigned']);
    expect(await onHand(env, product, stock)).toEqual({ quantity: 6, reserved_quantity: 0 });
  }));

  test('a refusal from the carrier check rolls the whole validation back', () => t.rollback(async (env, cr) => {
    const { product, stock, picking } = await readyDelivery(env);
    proto._checkCarrierDetailsBeforeValidate = async function (this: any) {
      await this.write({ carrier_tracking_ref: 'CHANGED' });
      throw new UserError('Amazon needs a tracking number: enter it, then validate.');
    };
    await expect(cr.savepoint(() => picking.button_validate())).rejects.toThrow('Amazon needs a tracking number');
    const [row] = await picking.fetch(['state', 'carrier_tracking_ref', 'date_done']);
    expect(row).toMatchObject({ state: 'assigned', carrier_tracking_ref: '1Z 999', date_done: false });
    expect(await onHand(env, product, stock)).toEqual({ quantity: 10, reserved_quantity: 4 });
  }));

  test('a failure after the moves are done (confirmation hook) rolls back the stock moves too', () => t.rollback(async (env, cr) => {
    const { product, stock, picking } = await readyDelivery(env);
    proto._send_confirmation_email = async function () {
      throw new UserError('The shipment confirmation could not be queued.');
    };
    await expect(cr.savepoint(() => picking.button_validate())).rejects.toThrow('could not be queued');
    expect((await picking.fetchOne(['state'])).state).toBe('assigned');
    expect(await onHand(env, product, stock)).toEqual({ quantity: 10, reserved_quantity: 4 });
    expect(await env.model('stock.move.line').search_count([['product_id', '=', product], ['state', '=', 'done'], ['location_id', '=', stock]])).toBe(0);
  }));

  test('the default check refuses an archived carrier', () => t.rollback(async (env, cr) => {
    const { picking } = await readyDelivery(env);
    const [row] = await picking.fetch(['carrier_id']);
    await env.model('delivery.carrier').browse([row.carrier_id]).write({ active: false });
    await expect(cr.savepoint(() => picking.button_validate())).rejects.toThrow(/archived shipping method UPS Ground/);
    expect((await picking.fetchOne(['state'])).state).toBe('assigned');
  }));

  test('negative carrier prices are refused', () => t.rollback(async (env, cr) => {
    await expect(cr.savepoint(() => carrier(env, { fixed_price: -1 }))).rejects.toThrow(/negative price/);
  }));
});
