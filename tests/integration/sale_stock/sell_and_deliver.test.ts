import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';
import { onHand, ref, setStock, storableProduct } from '../stock/stock_helpers';

async function quotation(env: Environment, lines: Array<Record<string, unknown>>): Promise<any> {
  const partner = await env.model('res.partner').create({ name: 'Jane Buyer' });
  return env.model('sale.order').create({ partner_id: partner.ids[0], order_line: lines.map((l) => [0, 0, l]) });
}

async function lineOf(env: Environment, order: any): Promise<any> {
  return env.model('sale.order.line').search([['order_id', '=', order.ids[0]]]);
}

for (const engine of engines()) describe(`sale_stock on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sale_stock', 'delivery'] }); }, 120_000);
  afterAll(() => t.close());

  test('sell 10, deliver 6 with a backorder then 4: delivered quantities, stock and moves history agree', () => t.rollback(async (env) => {
    const product = await storableProduct(env, 'Desk', 'DSK');
    const service = (await env.model('product.product').create({ name: 'Assembly', type: 'service' })).ids[0];
    const stock = await ref(env, 'stock.stock_location_stock');
    await setStock(env, product, stock, 10);
    const order = await quotation(env, [{ product_id: product, product_uom_qty: 10, price_unit: 50 }, { product_id: service, product_uom_qty: 1, price_unit: 20 }]);
    expect((await order.fetchOne(['warehouse_id'])).warehouse_id).toBe(await ref(env, 'stock.warehouse0'));
    await order.action_confirm();

    const [header] = await order.read(['picking_ids', 'delivery_count', 'name']);
    expect(header.delivery_count).toBe(1);
    const picking = env.model('stock.picking').browse(header.picking_ids) as any;
    const [delivery] = await picking.read(['state', 'origin', 'picking_type_id', 'location_dest_id', 'move_ids', 'sale_id']);
    expect(delivery).toMatchObject({ state: 'assigned', origin: header.name });
    expect(delivery.location_dest_id[0]).toBe(await ref(env, 'stock.stock_location_customers'));
    expect(delivery.move_ids).toHaveLength(1); // the service line is not delivered
    const goodsLine = (await (await lineOf(env, order)).fetch(['product_id', 'qty_delivered_method'])).find((l: any) => l.product_id === product);
    expect(goodsLine.qty_delivered_method).toBe('stock_move');

    await env.model('stock.move').browse(delivery.move_ids).write({ quantity: 6 });
    const action = await picking.button_validate();
    const wizard = await env.model('stock.backorder.confirmation').withContext(action.context).create({ pick_ids: action.context.default_pick_ids }) as any;
    await wizard.process();
    const line = env.model('sale.order.line').browse([goodsLine.id]);
    expect((await line.fetchOne(['qty_delivered'])).qty_delivered).toBe(6);
    expect((await order.fetchOne(['delivery_count'])).delivery_count).toBe(2);

    const [backorder] = await env.model('stock.picking').search_read([['backorder_id', '=', picking.ids[0]]], ['sale_id', 'state']);
    expect(backorder.sale_id[0]).toBe(order.ids[0]);
    expect(await (env.model('stock.picking').browse([backorder.id]) as any).button_validate()).toBe(true);
    expect((await line.fetchOne(['qty_delivered'])).qty_delivered).toBe(10);
    expect(await onHand(env, product, stock)).toEqual({ quantity: 0, reserved_quantity: 0 });
    const history = await env.model('stock.move.line').read_group(
      [['state', '=', 'done'], ['product_id', '=', product], ['location_dest_id', '=', await ref(env, 'stock.stock_location_customers')]], ['quantity:sum'], ['product_id']);
    expect(history[0].quantity).toBe(10);
  }));

  test('cancelling an order cancels its open delivery; once delivered it is refused', () => t.rollback(async (env, cr) => {
    const product = await storableProduct(env, 'Chair', 'CHR');
    await setStock(env, product, await ref(env, 'stock.stock_location_stock'), 5);
    const first = await quotation(env, [{ product_id: product, product_uom_qty: 2 }]);
    await first.action_confirm();
    await first.action_cancel();
    const [cancelled] = await env.model('stock.picking').search_read([['sale_id', '=', first.ids[0]]], ['state']);
    expect(cancelled.state).toBe('cancel');
    expect((await first.fetchOne(['state'])).state).toBe('cancel');

    const second = await quotation(env, [{ product_id: product, product_uom_qty: 2 }]);
    await second.action_confirm();
    const picking = await env.model('stock.picking').search([['sale_id', '=', second.ids[0]]]) as any;
    await picking.button_validate();
    await expect(cr.savepoint(() => second.action_cancel())).rejects.toThrow(/cannot be cancelled: its delivery WH\/OUT\/\d+ is done/);
    expect((await second.fetchOne(['state'])).state).toBe('sale');
  }));
});
