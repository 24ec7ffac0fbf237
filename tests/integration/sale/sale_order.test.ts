import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import { count, lines, makePartner, makeProduct, makeUser, patchMethod } from './sale_factories';

for (const engine of engines()) describe(`sale.order on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sale'] }); });
  afterAll(() => t.close());

  test('a new order gets its number, addresses, pricelist, currency and team', () => t.rollback(async (env) => {
    const customer = await makePartner(env, 'Acme', { is_company: true });
    const invoiceAddress = await makePartner(env, 'Acme billing', { parent_id: customer, type: 'invoice' });
    const product = await makeProduct(env, 'Desk', { list_price: 250 });
    const first = await env.model('sale.order').create({ partner_id: customer, order_line: lines({ product_id: product, product_uom_qty: 2 }) });
    const second = await env.model('sale.order').create({ partner_id: customer });
    const [a, b] = await env.model('sale.order').browse([...first.ids, ...second.ids]).fetch(['name', 'partner_invoice_id', 'partner_shipping_id', 'pricelist_id', 'currency_id', 'team_id', 'user_id', 'state', 'amount_total']);
    expect(a.name).toMatch(/^S\d{5}$/);
    expect(Number(b.name.slice(1))).toBe(Number(a.name.slice(1)) + 1);
    expect(a).toMatchObject({
      partner_invoice_id: invoiceAddress, partner_shipping_id: customer, pricelist_id: await env.refId('product.list0'),
      currency_id: await env.refId('base.USD'), team_id: await env.refId('sales_team.team_sales_department'), user_id: env.uid,
      state: 'draft', amount_total: 500,
    });
    const [line] = await env.model('sale.order.line').search_read([['order_id', '=', first.ids[0]]], ['name', 'price_unit', 'product_uom', 'state']);
    expect(line).toMatchObject({ name: 'Desk', price_unit: 250, state: 'draft' });
    expect(line.product_uom[0]).toBe(await env.refId('uom.product_uom_unit'));
  }));

  test('confirm, lock, unlock, cancel and reset to quotation', () => t.rollback(async (env) => {
    const order = await env.model<any>('sale.order').create({ partner_id: await makePartner(env, 'Bob'), order_line: lines({ product_id: await makeProduct(env, 'Pen') }) });
    await order.action_confirm();
    expect((await order.fetchOne(['state'])).state).toBe('sale');
    const [line] = await env.model('sale.order.line').search_read([['order_id', '=', order.ids[0]]], ['state']);
    expect(line.state).toBe('sale');
    await expect(order.action_confirm()).rejects.toThrow(/Only quotations can be confirmed; S\d+ is sales order/);
    await order.action_lock();
    await expect(order.action_cancel()).rejects.toThrow(/is locked and cannot be cancelled: unlock it first/);
    await expect(env.model('sale.order.line').browse(line.id).write({ product_uom_qty: 5 })).rejects.toThrow(/is locked: its product_uom_qty cannot be changed/);
    await order.action_unlock();
    await order.action_cancel();
    expect((await order.fetchOne(['state', 'invoice_status'])).state).toBe('cancel');
    await order.action_draft();
    expect((await order.fetchOne(['state'])).state).toBe('draft');
  }));

  test('the _action_confirm hook runs once the order is confirmed', () => t.rollback(async (env) => {
    const order = await env.model<any>('sale.order').create({ partner_id: await makePartner(env, 'Hooked'), order_line: lines({ product_id: await makeProduct(env, 'Cup') }) });
    const seen: string[] = [];
    const restore = patchMethod(t.registry.meta('sale.order').cls.prototype, '_action_confirm', (original) => async function (this: any) {
      await original.call(this);
      seen.push(`confirm:${(await this.fetchOne(['state'])).state}`);
    });
    try {
      await order.action_confirm();
    } finally {
      restore();
    }
    expect(seen).toEqual(['confirm:sale']);
  }));

  test('a cancellation refused by a hook says why and changes nothing', () => t.rollback(async (env) => {
    const order = await env.model<any>('sale.order').create({ partner_id: await makePartner(env, 'Shipped'), order_line: lines({ product_id: await makeProduct(env, 'Box') }) });
    await order.action_confirm();
    const restore = patchMethod(t.registry.meta('sale.order').cls.prototype, '_cancellation_error_message', (original) => async function (this: any) {
      return (await original.call(this)) || 'The goods of this order have already left the warehouse: return them instead of cancelling.';
    });
    try {
      await expect(order.action_cancel()).rejects.toThrow('The goods of this order have already left the warehouse: return them instead of cancelling.');
    } finally {
      restore();
    }
    expect((await order.fetchOne(['state'])).state).toBe('sale');
  }));

  test('negative quantities are refused with a clear message and nothing is written', () => t.rollback(async (env) => {
    const partner = await makePartner(env, 'Neg');
    const product = await makeProduct(env, 'Lamp');
    const before = [await count(env, 'sale.order'), await count(env, 'sale.order.line')];
    await expect(env.model('sale.order').create({
      partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: 1 }, { product_id: product, product_uom_qty: -2 }),
    })).rejects.toThrow('The quantity of a sales order line cannot be negative (-2): to take goods back, issue a credit note or a return instead.');
    expect([await count(env, 'sale.order'), await count(env, 'sale.order.line')]).toEqual(before);
    const order = await env.model('sale.order').create({ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: 3 }) });
    const line = await env.model('sale.order.line').search([['order_id', '=', order.ids[0]]]);
    await expect(line.write({ product_uom_qty: -1 })).rejects.toThrow(/cannot be negative \(-1\)/);
    expect((await line.fetchOne(['product_uom_qty'])).product_uom_qty).toBe(3);
  }));

  test('an unknown product or customer is refused and nothing is written', () => t.rollback(async (env) => {
    const partner = await makePartner(env, 'Nobody');
    const before = [await count(env, 'sale.order'), await count(env, 'sale.order.line')];
    await expect(env.model('sale.order').create({ partner_id: partner, order_line: lines({ product_id: 987654 }) }))
      .rejects.toThrow('The product with id 987654 does not exist: choose an existing product.');
    await expect(env.model('sale.order').create({ partner_id: partner, order_line: lines({ name: 'no product' }) }))
      .rejects.toThrow(/needs a product \(or must be a section or a note\)/);
    await expect(env.model('sale.order').create({ partner_id: 987654 }))
      .rejects.toThrow('The customer with id 987654 does not exist: choose an existing contact.');
    expect([await count(env, 'sale.order'), await count(env, 'sale.order.line')]).toEqual(before);
  }));

  test('sections and notes carry no amount; confirmed lines cannot be deleted; confirmed orders cannot be deleted', () => t.rollback(async (env) => {
    const product = await makeProduct(env, 'Chair', { list_price: 40 });
    const order = await env.model<any>('sale.order').create({
      partner_id: await makePartner(env, 'Sec'),
      order_line: lines({ display_type: 'line_section', name: 'Office' }, { product_id: product, product_uom_qty: 2 }, { display_type: 'line_note', name: 'Delivered assembled' }),
    });
    expect((await order.fetchOne(['amount_total'])).amount_total).toBe(80);
    await order.action_confirm();
    const productLine = await env.model('sale.order.line').search([['order_id', '=', order.ids[0]], ['product_id', '=', product]]);
    await expect(productLine.unlink()).rejects.toThrow(/cannot be removed: set their quantity to 0 instead/);
    await expect(order.unlink()).rejects.toThrow(/cannot be deleted: cancel it first/);
  }));

  test('salespeople with "own documents" see their orders and unassigned ones only', () => t.rollback(async (env) => {
    const own = await makeUser(env, 'own_seller', ['sales_team.group_sale_salesman']);
    const all = await makeUser(env, 'all_seller', ['sales_team.group_sale_salesman_all_leads']);
    const partner = await makePartner(env, 'Shared customer');
    const product = await makeProduct(env, 'Mug');
    const mine = await env.withUser(own).model('sale.order').create({ partner_id: partner, order_line: lines({ product_id: product }) });
    const admins = await env.model('sale.order').create({ partner_id: partner, order_line: lines({ product_id: product }) });
    const unassigned = await env.model('sale.order').create({ partner_id: partner, user_id: false });
    const seenByOwn = await env.withUser(own).model('sale.order').search([['partner_id', '=', partner]]);
    expect(seenByOwn.ids.sort()).toEqual([...mine.ids, ...unassigned.ids].sort());
    const seenByAll = await env.withUser(all).model('sale.order').search([['partner_id', '=', partner]]);
    expect(seenByAll.ids.sort()).toEqual([...mine.ids, ...admins.ids, ...unassigned.ids].sort());
    await expect(env.withUser(own).model('sale.order').browse(admins.ids).read(['name'])).rejects.toThrow(/do not have access/);
  }));
});
