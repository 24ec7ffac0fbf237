import { engines } from '../../support/db';
import type { RpcClient } from '../../support/server';
import { refused, startBusinessServer, unique, type BusinessServer } from './rpc_helpers';

/**
 * Inventory adjustments and reordering rules on a second internal location, over RPC: the stock
 * user counts and replenishes by hand; the administrator's "Run now" of the scheduler cron does
 * the same for automatic rules.
 */
for (const engine of engines()) describe(`inventory and reordering over RPC on ${engine}`, () => {
  let b: BusinessServer;
  let stocker: RpcClient;
  let stock: number;
  let shelf: number;
  let loss: number;

  beforeAll(async () => {
    b = await startBusinessServer(engine);
    stocker = (await b.user('inv_stocker', ['stock.group_stock_user'])).client;
    stock = await b.ref('stock.stock_location_stock');
    loss = await b.ref('stock.location_inventory');
    const [warehouse] = await b.admin.callKw('stock.warehouse', 'read', [[await b.ref('stock.warehouse0')], ['view_location_id']]);
    shelf = await b.admin.callKw('stock.location', 'create', [{ name: 'Shelf 2', usage: 'internal', location_id: warehouse.view_location_id[0] }]);
  }, 120_000);
  afterAll(() => b?.server.close());

  const button = (client: RpcClient, model: string, method: string, ids: number[]) =>
    client.call('/web/dataset/call_button', { model, method, args: [ids], kwargs: {} });

  async function count(product: number, location: number, qty: number): Promise<number> {
    const [existing] = await stocker.callKw('stock.quant', 'search', [[['product_id', '=', product], ['location_id', '=', location]]]);
    const quant = existing ?? await stocker.callKw('stock.quant', 'create', [{ product_id: product, location_id: location, inventory_quantity: qty }]);
    if (existing) await stocker.callKw('stock.quant', 'write', [[quant], { inventory_quantity: qty }]);
    await button(stocker, 'stock.quant', 'action_apply_inventory', [quant]);
    return quant;
  }

  const onHand = async (product: number, location: number) =>
    (await stocker.callKw('stock.quant', 'search_read', [[['product_id', '=', product], ['location_id', '=', location]]], { fields: ['quantity'] }))[0]?.quantity ?? 0;

  test('an inventory adjustment on the second location moves the difference from and to inventory loss', async () => {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Screw box'), is_storable: true }]);
    expect((await stocker.callKw('stock.location', 'read', [[shelf], ['complete_name', 'usage', 'location_id']]))[0])
      .toMatchObject({ complete_name: 'WH/Shelf 2', usage: 'internal', location_id: [expect.any(Number), 'WH'] });
    const quant = await count(product, shelf, 7);
    expect(await onHand(product, shelf)).toBe(7);
    await stocker.callKw('stock.quant', 'write', [[quant], { inventory_quantity: 5 }]);
    expect((await stocker.callKw('stock.quant', 'read', [[quant], ['inventory_diff_quantity', 'quantity']]))[0]).toMatchObject({ inventory_diff_quantity: -2, quantity: 7 });
    await button(stocker, 'stock.quant', 'action_apply_inventory', [quant]);
    expect((await stocker.callKw('stock.quant', 'read', [[quant], ['quantity', 'inventory_quantity_set']]))[0]).toMatchObject({ quantity: 5, inventory_quantity_set: false });
    const history = await stocker.callKw('stock.move.line', 'search_read', [[['state', '=', 'done'], ['product_id', '=', product]]],
      { fields: ['location_id', 'location_dest_id', 'quantity', 'is_inventory'], order: 'id' });
    expect(history.map((l: any) => [l.location_id[0], l.location_dest_id[0], l.quantity, l.is_inventory])).toEqual([[loss, shelf, 7, true], [shelf, loss, 2, true]]);
    const [variant] = await stocker.callKw('product.product', 'read', [[product], ['qty_available']], { context: { location: shelf } });
    expect(variant.qty_available).toBe(5);
    expect(await onHand(product, stock)).toBe(0);
  });

  test('a reordering rule on the second location, run by hand: one internal transfer up to the maximum', async () => {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Glue'), is_storable: true }]);
    await count(product, stock, 20);
    await count(product, shelf, 5);
    const rule = await stocker.callKw('stock.warehouse.orderpoint', 'create', [{ product_id: product, location_id: shelf, product_min_qty: 6, product_max_qty: 15, trigger: 'manual' }]);
    const [before] = await stocker.callKw('stock.warehouse.orderpoint', 'read', [[rule], ['name', 'qty_forecast', 'qty_to_order']]);
    expect(before).toMatchObject({ qty_forecast: 5, qty_to_order: 10 });

    await button(stocker, 'stock.warehouse.orderpoint', 'action_replenish', [rule]);
    const pickings = await stocker.callKw('stock.picking', 'search_read', [[['origin', '=', before.name]]], { fields: ['picking_type_id', 'location_id', 'location_dest_id', 'state', 'move_ids'] });
    expect(pickings).toHaveLength(1);
    expect([pickings[0].picking_type_id[0], pickings[0].location_id[0], pickings[0].location_dest_id[0], pickings[0].state])
      .toEqual([await b.ref('stock.picking_type_internal'), stock, shelf, 'assigned']);
    expect((await stocker.callKw('stock.move', 'read', [pickings[0].move_ids, ['product_uom_qty']]))[0].product_uom_qty).toBe(10);
    expect((await stocker.callKw('stock.warehouse.orderpoint', 'read', [[rule], ['qty_forecast', 'qty_to_order']]))[0]).toMatchObject({ qty_forecast: 15, qty_to_order: 0 });

    // Forecast is at the maximum: running it again orders nothing more.
    await button(stocker, 'stock.warehouse.orderpoint', 'action_replenish', [rule]);
    expect(await stocker.callKw('stock.picking', 'search_count', [[['origin', '=', before.name]]])).toBe(1);
    expect(await button(stocker, 'stock.picking', 'button_validate', [pickings[0].id])).toBe(false);
    expect([await onHand(product, shelf), await onHand(product, stock)]).toEqual([15, 10]);
  });

  test('the scheduler cron\'s "Run now" replenishes automatic rules; only the administrator may run it', async () => {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Tape'), is_storable: true }]);
    await count(product, stock, 30);
    const rule = await stocker.callKw('stock.warehouse.orderpoint', 'create', [{ product_id: product, location_id: shelf, product_min_qty: 2, product_max_qty: 12, qty_multiple: 5 }]);
    const [{ name, trigger }] = await stocker.callKw('stock.warehouse.orderpoint', 'read', [[rule], ['name', 'trigger']]);
    expect(trigger).toBe('auto');
    const cron = await b.ref('stock.ir_cron_scheduler_action');
    await refused(button(stocker, 'ir.cron', 'method_direct_trigger', [cron]), 'AccessError', /ir\.cron/);
    expect(await b.count('stock.picking', [['origin', '=', name]])).toBe(0);

    await button(b.admin, 'ir.cron', 'method_direct_trigger', [cron]);
    const [picking] = await stocker.callKw('stock.picking', 'search_read', [[['origin', '=', name]]], { fields: ['location_dest_id', 'move_ids', 'state'] });
    expect(picking).toMatchObject({ location_dest_id: [shelf, expect.any(String)], state: 'assigned' });
    expect((await stocker.callKw('stock.move', 'read', [picking.move_ids, ['product_uom_qty']]))[0].product_uom_qty).toBe(15); // 12 rounded up to a multiple of 5
    expect((await b.admin.callKw('ir.cron', 'read', [[cron], ['last_state']]))[0].last_state).toBe('success');
    await button(b.admin, 'ir.cron', 'method_direct_trigger', [cron]);
    expect(await b.count('stock.picking', [['origin', '=', name]])).toBe(1);
  });
});
