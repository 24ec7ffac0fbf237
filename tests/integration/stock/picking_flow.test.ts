import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import { deliveryOrder, moveOf, onHand, ref, setStock, storableProduct } from './stock_helpers';

for (const engine of engines()) describe(`stock transfers on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['stock'] }); }, 120_000);
  afterAll(() => t.close());

  test('installing creates WH with its locations and operation types', () => t.rollback(async (env) => {
    const [warehouse] = await (await env.ref('stock.warehouse0')).read(['name', 'code', 'lot_stock_id', 'view_location_id', 'out_type_id']);
    expect(warehouse).toMatchObject({ name: 'WH', code: 'WH' });
    expect(warehouse.lot_stock_id[1]).toBe('WH/Stock');
    expect(warehouse.out_type_id[1]).toBe('WH: Delivery Orders');
    const names = await env.model('stock.location').browse([await ref(env, 'stock.stock_location_customers'), await ref(env, 'stock.stock_location_suppliers'), await ref(env, 'stock.location_inventory')]).read(['complete_name', 'usage']);
    expect(names.map((n) => [n.complete_name, n.usage])).toEqual([['Partners/Customers', 'customer'], ['Partners/Vendors', 'supplier'], ['Virtual Locations/Inventory adjustment', 'inventory']]);
    const [type] = await (await env.ref('stock.picking_type_out')).fetch(['default_location_src_id', 'default_location_dest_id', 'code']);
    expect(type).toMatchObject({ code: 'outgoing', default_location_src_id: warehouse.lot_stock_id[0], default_location_dest_id: await ref(env, 'stock.stock_location_customers') });
  }));

  test('a new company gets its own warehouse', () => t.rollback(async (env) => {
    const company = await env.model('res.company').create({ name: 'Second Shop' });
    const [warehouse] = await env.model('stock.warehouse').search_read([['company_id', '=', company.ids[0]]], ['code', 'lot_stock_id']);
    expect(warehouse.code).toBe('SECON');
    expect(warehouse.lot_stock_id[1]).toBe('SECON/Stock');
  }));

  test('moves recorded done at creation: done lines and quants as a validation leaves them, no draft or confirmed step; a move without quantity refused', () => t.rollback(async (env, cr) => {
    const product = await storableProduct(env, 'Shipped Elsewhere', 'SHE');
    const stock = await ref(env, 'stock.stock_location_stock');
    const customers = await ref(env, 'stock.stock_location_customers');
    await setStock(env, product, stock, 5);
    const statements: string[] = [];
    const query = cr.query;
    cr.query = ((sql: string, ...rest: unknown[]) => {
      statements.push(sql);
      return (query as (...args: unknown[]) => Promise<unknown>).call(cr, sql, ...rest);
    }) as typeof cr.query;
    let moves: any;
    try {
      moves = await env.model<any>('stock.move')._create_done([
        { name: 'Shipped 2', product_id: product, product_uom_qty: 2, quantity: 2, location_id: stock, location_dest_id: customers },
        { name: 'Shipped 1', product_id: product, product_uom_qty: 1, quantity: 1, location_id: stock, location_dest_id: customers },
      ]);
      await env.flush();
    } finally {
      cr.query = query;
    }
    expect(statements.filter((sql) => /^UPDATE "stock_move(_line)?" /.test(sql))).toEqual([]);
    expect((await moves.fetch(['state', 'quantity'])).map((m: any) => [m.state, m.quantity])).toEqual([['done', 2], ['done', 1]]);
    const lines = await env.model('stock.move.line').search_read([['move_id', 'in', moves.ids]], ['state', 'quantity', 'location_id', 'location_dest_id'], { order: 'id' });
    expect(lines.map((l) => [l.state, l.quantity, l.location_id[0], l.location_dest_id[0]])).toEqual([['done', 2, stock, customers], ['done', 1, stock, customers]]);
    expect(await onHand(env, product, stock)).toEqual({ quantity: 2, reserved_quantity: 0 });
    await expect(env.model<any>('stock.move')._create_done([{ name: 'Nothing', product_id: product, product_uom_qty: 1, quantity: 0, location_id: stock, location_dest_id: customers }]))
      .rejects.toThrow('needs the quantity that moved');
  }));

  test('deliver 6 of 10 with a backorder, then the 4 left: stock and moves history agree', () => t.rollback(async (env) => {
    const product = await storableProduct(env);
    const stock = await ref(env, 'stock.stock_location_stock');
    const customers = await ref(env, 'stock.stock_location_customers');
    await setStock(env, product, stock, 10);

    const picking = await deliveryOrder(env, product, 10);
    expect((await picking.fetchOne(['name'])).name).toMatch(/^WH\/OUT\/\d{5}$/);
    await picking.action_assign();
    expect((await picking.fetchOne(['state'])).state).toBe('assigned');
    expect(await onHand(env, product, stock)).toEqual({ quantity: 10, reserved_quantity: 10 });

    const move = await moveOf(env, picking);
    await move.write({ quantity: 6 });
    const action = await picking.button_validate();
    expect(action).toMatchObject({ type: 'ir.actions.act_window', res_model: 'stock.backorder.confirmation' });
    // the question is asked before anything is done
    expect((await picking.fetchOne(['state'])).state).toBe('assigned');

    const wizard = await env.model('stock.backorder.confirmation').withContext(action.context).create({ pick_ids: action.context.default_pick_ids }) as any;
    expect(await wizard.process()).toBe(true);
    const [done] = await picking.fetch(['state', 'date_done', 'backorder_ids']);
    expect(done.state).toBe('done');
    expect(done.date_done).toBeTruthy();
    expect(done.backorder_ids).toHaveLength(1);
    expect(await onHand(env, product, stock)).toEqual({ quantity: 4, reserved_quantity: 4 });

    const backorder = env.model('stock.picking').browse(done.backorder_ids) as any;
    const [bo] = await backorder.fetch(['state', 'backorder_id', 'name', 'origin']);
    expect(bo).toMatchObject({ state: 'assigned', backorder_id: picking.ids[0], origin: 'TEST' });
    const [boMove] = await (await moveOf(env, backorder)).fetch(['product_uom_qty', 'quantity']);
    expect(boMove).toMatchObject({ product_uom_qty: 4, quantity: 4 });
    expect(await backorder.button_validate()).toBe(true);
    expect((await backorder.fetchOne(['state'])).state).toBe('done');
    expect(await onHand(env, product, stock)).toEqual({ quantity: 0, reserved_quantity: 0 });
    expect((await env.model('product.product').browse([product]).fetchOne(['qty_available'])).qty_available).toBe(0);

    // Moves History: done move lines, grouped by destination
    const history = await env.model('stock.move.line').search_read([['state', '=', 'done'], ['product_id', '=', product]], ['reference', 'quantity', 'location_id', 'location_dest_id'], { order: 'id' });
    expect(history.map((h) => [h.quantity, h.location_id[1], h.location_dest_id[1]])).toEqual([
      [10, 'Virtual Locations/Inventory adjustment', 'WH/Stock'], [6, 'WH/Stock', 'Partners/Customers'], [4, 'WH/Stock', 'Partners/Customers'],
    ]);
    expect(history[1].reference).toBe((await picking.fetchOne(['name'])).name);
    expect(history[2].reference).toBe(bo.name);
    const grouped = await env.model('stock.move.line').read_group([['state', '=', 'done'], ['product_id', '=', product], ['location_dest_id', '=', customers]], ['quantity:sum'], ['location_dest_id']);
    expect(grouped[0].quantity).toBe(10);
    const historyAction = await (env.model('stock.move.line') as any).action_moves_history();
    expect(historyAction).toMatchObject({ res_model: 'stock.move.line', domain: [['state', '=', 'done']] });
  }));

  test('validating without a backorder cancels the rest', () => t.rollback(async (env) => {
    const product = await storableProduct(env);
    const stock = await ref(env, 'stock.stock_location_stock');
    await setStock(env, product, stock, 3);
    const picking = await deliveryOrder(env, product, 5);
    await picking.action_assign();
    const [move] = await (await moveOf(env, picking)).fetch(['quantity', 'state']);
    expect(move).toMatchObject({ quantity: 3, state: 'partially_available' });
    const action = await picking.button_validate();
    const wizard = await env.model('stock.backorder.confirmation').withContext(action.context).create({ pick_ids: action.context.default_pick_ids }) as any;
    await wizard.process_cancel_backorder();
    const [done] = await picking.fetch(['state', 'backorder_ids']);
    expect(done).toMatchObject({ state: 'done', backorder_ids: [] });
    const moves = await (await moveOf(env, picking)).fetch(['state', 'product_uom_qty']);
    expect(moves.map((m: any) => [m.state, m.product_uom_qty]).sort()).toEqual([['cancel', 2], ['done', 3]]);
    expect(await onHand(env, product, stock)).toEqual({ quantity: 0, reserved_quantity: 0 });
  }));

  test('validating with nothing done is refused and nothing changes', () => t.rollback(async (env, cr) => {
    const product = await storableProduct(env);
    const picking = await deliveryOrder(env, product, 5);
    await picking.action_assign(); // no stock: nothing reserved
    await expect(cr.savepoint(() => picking.button_validate())).rejects.toThrow(/Nothing to validate on WH\/OUT\/\d+: no quantity is set/);
    expect((await picking.fetchOne(['state'])).state).toBe('confirmed');
    expect(await env.model('stock.move.line').search_count([['product_id', '=', product]])).toBe(0);
  }));

  test('negative quantities are refused with nothing written', () => t.rollback(async (env, cr) => {
    const product = await storableProduct(env);
    const picking = await deliveryOrder(env, product, 5);
    const move = await moveOf(env, picking);
    await expect(cr.savepoint(() => move.write({ quantity: -2 }))).rejects.toThrow(/cannot be negative/);
    await expect(cr.savepoint(() => env.model('stock.move').create({ product_id: product, product_uom_qty: -1, picking_id: picking.ids[0] }))).rejects.toThrow(/cannot be negative/);
    expect((await move.fetchOne(['quantity'])).quantity).toBe(0);
    expect(await env.model('stock.move').search_count([['picking_id', '=', picking.ids[0]]])).toBe(1);
  }));

  test('cancelling releases the reservation; a done transfer cannot be cancelled', () => t.rollback(async (env) => {
    const product = await storableProduct(env);
    const stock = await ref(env, 'stock.stock_location_stock');
    await setStock(env, product, stock, 5);
    const picking = await deliveryOrder(env, product, 2);
    await picking.action_assign();
    expect((await onHand(env, product, stock)).reserved_quantity).toBe(2);
    await picking.action_cancel();
    expect((await picking.fetchOne(['state'])).state).toBe('cancel');
    expect((await onHand(env, product, stock)).reserved_quantity).toBe(0);
    const other = await deliveryOrder(env, product, 1);
    await other.action_assign();
    await other.button_validate();
    await expect(other.action_cancel()).rejects.toThrow(/already done and cannot be cancelled/);
  }));
});
