import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';
import { onHand, ref, setStock, storableProduct } from './stock_helpers';

/** A second internal location of WH, beside WH/Stock. */
async function shelf(env: Environment): Promise<number> {
  const [warehouse] = await (await env.ref('stock.warehouse0')).fetch(['view_location_id']);
  const location = await env.model('stock.location').create({ name: 'Shelf 2', usage: 'internal', location_id: warehouse.view_location_id });
  return location.ids[0];
}

for (const engine of engines()) describe(`inventory and replenishment on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['stock'] }); }, 120_000);
  afterAll(() => t.close());

  test('an inventory adjustment moves the difference from or to the inventory loss location', () => t.rollback(async (env) => {
    const product = await storableProduct(env);
    const location = await shelf(env);
    const loss = await ref(env, 'stock.location_inventory');
    await setStock(env, product, location, 7);
    expect(await onHand(env, product, location)).toEqual({ quantity: 7, reserved_quantity: 0 });
    const quant = await env.model('stock.quant').search([['product_id', '=', product], ['location_id', '=', location]]);
    await quant.write({ inventory_quantity: 5 });
    expect((await quant.read(['inventory_diff_quantity']))[0].inventory_diff_quantity).toBe(-2);
    await (quant as any).action_apply_inventory();
    const [row] = await quant.fetch(['quantity', 'inventory_quantity_set']);
    expect(row).toMatchObject({ quantity: 5, inventory_quantity_set: false });
    const lines = await env.model('stock.move.line').search_read([['product_id', '=', product], ['state', '=', 'done']], ['location_id', 'location_dest_id', 'quantity', 'is_inventory'], { order: 'id' });
    expect(lines.map((l) => [l.location_id[0], l.location_dest_id[0], l.quantity, l.is_inventory])).toEqual([[loss, location, 7, true], [location, loss, 2, true]]);
    expect((await env.model('product.product').withContext({ location }).browse([product]).fetchOne(['qty_available'])).qty_available).toBe(5);
  }));

  test('bad counts are refused: negative, non-internal location, direct quantity edits', () => t.rollback(async (env, cr) => {
    const product = await storableProduct(env);
    const stock = await ref(env, 'stock.stock_location_stock');
    await expect(cr.savepoint(() => env.model('stock.quant').create({ product_id: product, location_id: stock, inventory_quantity: -3 }))).rejects.toThrow(/cannot be negative/);
    const customers = await ref(env, 'stock.stock_location_customers');
    await expect(cr.savepoint(() => env.model('stock.quant').create({ product_id: product, location_id: customers, inventory_quantity: 3 }))).rejects.toThrow(/only counted in internal locations/);
    await expect(cr.savepoint(() => env.model('stock.quant').create({ product_id: product, location_id: stock, quantity: 3 }))).rejects.toThrow(/change only through stock moves/);
    expect(await env.model('stock.quant').search_count([['product_id', '=', product]])).toBe(0);
  }));

  test('a reordering rule on a second location creates an internal transfer up to the maximum, once', () => t.rollback(async (env) => {
    const product = await storableProduct(env);
    const stock = await ref(env, 'stock.stock_location_stock');
    const location = await shelf(env);
    await setStock(env, product, stock, 20);
    await setStock(env, product, location, 2);
    const rule = await env.model('stock.warehouse.orderpoint').create({ product_id: product, location_id: location, product_min_qty: 5, product_max_qty: 15, qty_multiple: 1 }) as any;
    const [before] = await rule.read(['qty_forecast', 'qty_to_order', 'warehouse_id', 'name']);
    expect(before).toMatchObject({ qty_forecast: 2, qty_to_order: 13 });
    expect(before.warehouse_id[0]).toBe(await ref(env, 'stock.warehouse0'));
    expect(before.name).toMatch(/^OP\/\d{5}$/);

    // the scheduler, run as its cron job
    const cron = await env.ref('stock.ir_cron_scheduler_action') as any;
    await cron.method_direct_trigger();
    const pickings = await env.model('stock.picking').search_read([['origin', '=', before.name]], ['picking_type_id', 'location_id', 'location_dest_id', 'state', 'move_ids']);
    expect(pickings).toHaveLength(1);
    expect(pickings[0].picking_type_id[0]).toBe(await ref(env, 'stock.picking_type_internal'));
    expect([pickings[0].location_id[0], pickings[0].location_dest_id[0], pickings[0].state]).toEqual([stock, location, 'assigned']);
    const [move] = await env.model('stock.move').browse(pickings[0].move_ids).fetch(['product_uom_qty', 'quantity']);
    expect(move).toMatchObject({ product_uom_qty: 13, quantity: 13 });
    expect((await rule.read(['qty_forecast']))[0].qty_forecast).toBe(15);

    // forecast is back above the minimum: running again orders nothing more
    await cron.method_direct_trigger();
    expect(await env.model('stock.picking').search_count([['origin', '=', before.name]])).toBe(1);

    await (env.model('stock.picking').browse([pickings[0].id]) as any).button_validate();
    expect(await onHand(env, product, location)).toEqual({ quantity: 15, reserved_quantity: 0 });
    expect(await onHand(env, product, stock)).toEqual({ quantity: 7, reserved_quantity: 0 });
  }));

  test('a rule on the warehouse stock location replenishes with a receipt; bad bounds are refused', () => t.rollback(async (env, cr) => {
    const product = await storableProduct(env);
    const stock = await ref(env, 'stock.stock_location_stock');
    const rule = await env.model('stock.warehouse.orderpoint').create({ product_id: product, product_min_qty: 1, product_max_qty: 10, qty_multiple: 4 }) as any;
    expect((await rule.fetchOne(['location_id'])).location_id).toBe(stock);
    await rule.action_replenish();
    const [receipt] = await env.model('stock.picking').search_read([['location_dest_id', '=', stock], ['picking_type_id', '=', await ref(env, 'stock.picking_type_in')]], ['location_id', 'state', 'move_ids']);
    expect(receipt.location_id[0]).toBe(await ref(env, 'stock.stock_location_suppliers'));
    expect(receipt.state).toBe('assigned');
    expect((await env.model('stock.move').browse(receipt.move_ids).fetchOne(['product_uom_qty'])).product_uom_qty).toBe(12);
    await expect(cr.savepoint(() => rule.write({ product_max_qty: 0.5 }))).rejects.toThrow(/maximum \(0.5\) below its minimum \(1\)/);
    await expect(cr.savepoint(() => rule.write({ product_min_qty: -1 }))).rejects.toThrow(/negative quantity/);
  }));

  test('users of another company see neither the warehouse nor its transfers', () => t.rollback(async (env) => {
    const company = await env.model('res.company').create({ name: 'Other Co' });
    const user = await env.model('res.users').create({
      name: 'Other Stock User', login: 'other_stock', company_id: company.ids[0], company_ids: [[6, 0, [company.ids[0]]]],
      groups_id: [[6, 0, [await ref(env, 'stock.group_stock_user')]]],
    });
    const product = await storableProduct(env);
    await setStock(env, product, await ref(env, 'stock.stock_location_stock'), 3);
    const other = env.withUser(user.ids[0]);
    const warehouses = await other.model('stock.warehouse').search_read([], ['company_id']);
    expect(warehouses.map((w) => w.company_id[0])).toEqual([company.ids[0]]);
    expect(await other.model('stock.quant').search_count([['product_id', '=', product]])).toBe(0);
    await expect(other.model('stock.warehouse').browse([await ref(env, 'stock.warehouse0')]).read(['name'])).rejects.toThrow(/not allowed to access/);
  }));
});
