import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';
import { count, lines, makePartner, makeProduct, makeTaxes } from './sale_factories';

async function confirmedOrder(env: Environment, partnerId: number, orderLines: any[]): Promise<any> {
  const order = await env.model<any>('sale.order').create({ partner_id: partnerId, order_line: lines(...orderLines) });
  await order.action_confirm();
  return order;
}

for (const engine of engines()) describe(`sale invoicing on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sale'] }); });
  afterAll(() => t.close());

  test('three orders, two customers: one invoice per customer with the orders\' totals', () => t.rollback(async (env) => {
    const { included21, excluded10 } = await makeTaxes(env);
    const desk = await makeProduct(env, 'Desk');
    const lamp = await makeProduct(env, 'Lamp');
    const alice = await makePartner(env, 'Alice');
    const bob = await makePartner(env, 'Bob');
    const o1 = await confirmedOrder(env, alice, [{ product_id: desk, product_uom_qty: 3, price_unit: 100, tax_id: [[6, 0, [included21]]] }]);
    const o2 = await confirmedOrder(env, alice, [{ product_id: lamp, product_uom_qty: 7, price_unit: 19.99, discount: 5, tax_id: [[6, 0, [excluded10]]] }]);
    const o3 = await confirmedOrder(env, bob, [
      { display_type: 'line_section', name: 'Furniture' },
      { product_id: desk, product_uom_qty: 1, price_unit: 50, tax_id: [[6, 0, [included21, excluded10]]] },
    ]);
    const orders = env.model<any>('sale.order').browse([...o1.ids, ...o2.ids, ...o3.ids]);
    expect((await orders.fetch(['invoice_status'])).map((o: any) => o.invoice_status)).toEqual(['to invoice', 'to invoice', 'to invoice']);

    const invoices = await orders._create_invoices();
    const rows = await invoices.fetch(['partner_id', 'move_type', 'state', 'invoice_origin', 'amount_untaxed', 'amount_tax', 'amount_total', 'team_id']);
    rows.sort((a: any, b: any) => a.amount_total - b.amount_total);
    expect(rows).toEqual([
      expect.objectContaining({ partner_id: bob, move_type: 'out_invoice', state: 'draft', invoice_origin: (await o3.fetchOne(['name'])).name, amount_untaxed: 41.32, amount_tax: 12.81, amount_total: 54.13 }),
      expect.objectContaining({ partner_id: alice, move_type: 'out_invoice', invoice_origin: `${(await o1.fetchOne(['name'])).name}, ${(await o2.fetchOne(['name'])).name}`, amount_untaxed: 380.86, amount_tax: 65.36, amount_total: 446.22 }),
    ]);
    expect(rows[0].team_id).toBe(await env.refId('sales_team.team_sales_department'));

    const saleLines = await env.model('sale.order.line').search_read([['order_id', 'in', orders.ids], ['display_type', '=', false]], ['qty_invoiced', 'qty_to_invoice', 'invoice_status', 'invoice_lines']);
    for (const line of saleLines) {
      expect(line).toMatchObject({ qty_to_invoice: 0, invoice_status: 'invoiced' });
      expect(line.invoice_lines).toHaveLength(1);
    }
    expect(saleLines.map((l) => l.qty_invoiced).sort()).toEqual([1, 3, 7]);
    expect((await orders.fetch(['invoice_status', 'invoice_count'])).map((o: any) => [o.invoice_status, o.invoice_count])).toEqual([['invoiced', 1], ['invoiced', 1], ['invoiced', 1]]);
    // The section travels with its line.
    const bobLines = await env.model('account.move.line').search_read([['move_id', '=', rows[0].id], ['display_type', 'in', ['product', 'line_section']]], ['display_type', 'name'], { order: 'sequence, id' });
    expect(bobLines.map((l) => l.display_type)).toEqual(['line_section', 'product']);

    await expect(orders._create_invoices()).rejects.toThrow(/There is nothing to invoice on these orders/);
  }));

  test('grouped: one invoice per order; cancelling an invoice makes the quantities invoiceable again', () => t.rollback(async (env) => {
    const product = await makeProduct(env, 'Chair', { list_price: 40 });
    const carol = await makePartner(env, 'Carol');
    const a = await confirmedOrder(env, carol, [{ product_id: product, product_uom_qty: 2 }]);
    const b = await confirmedOrder(env, carol, [{ product_id: product, product_uom_qty: 5 }]);
    const orders = env.model<any>('sale.order').browse([...a.ids, ...b.ids]);
    const invoices = await orders._create_invoices(true);
    expect((await invoices.fetch(['amount_total'])).map((i: any) => i.amount_total).sort((x: number, y: number) => x - y)).toEqual([80, 200]);
    await invoices.browse(invoices.ids[0]).button_cancel();
    const lines = await env.model('sale.order.line').search_read([['order_id', 'in', orders.ids]], ['qty_invoiced', 'invoice_status'], { order: 'id' });
    expect(lines.map((l) => l.invoice_status).sort()).toEqual(['invoiced', 'to invoice']);
  }));

  test('delivered-quantity products wait for delivery; manual deliveries make them invoiceable', () => t.rollback(async (env) => {
    const service = await makeProduct(env, 'Installation', { list_price: 80, type: 'service' });
    const template = (await env.model('product.product').browse(service).fetchOne(['product_tmpl_id'])).product_tmpl_id;
    await env.model('product.template').browse(template).write({ invoice_policy: 'delivery' });
    const order = await confirmedOrder(env, await makePartner(env, 'Dave'), [{ product_id: service, product_uom_qty: 4 }]);
    const [line] = await env.model('sale.order.line').search([['order_id', '=', order.ids[0]]]);
    expect(await line.fetchOne(['qty_delivered_method', 'qty_to_invoice', 'invoice_status'])).toMatchObject({ qty_delivered_method: 'manual', qty_to_invoice: 0, invoice_status: 'no' });
    const before = await count(env, 'account.move');
    await expect(order._create_invoices()).rejects.toThrow(/deliver them before invoicing/);
    expect(await count(env, 'account.move')).toBe(before);
    await line.write({ qty_delivered: 1.5 });
    expect((await order.fetchOne(['amount_to_invoice'])).amount_to_invoice).toBe(120);
    const invoice = await order._create_invoices();
    expect((await invoice.fetchOne(['amount_total'])).amount_total).toBe(120);
    expect(await line.fetchOne(['qty_invoiced', 'qty_to_invoice', 'invoice_status'])).toMatchObject({ qty_invoiced: 1.5, qty_to_invoice: 0, invoice_status: 'no' });
  }));

  test('final invoicing turns over-invoiced quantities into a credit note', () => t.rollback(async (env) => {
    const service = await makeProduct(env, 'Consulting', { list_price: 100, type: 'service' });
    const template = (await env.model('product.product').browse(service).fetchOne(['product_tmpl_id'])).product_tmpl_id;
    await env.model('product.template').browse(template).write({ invoice_policy: 'delivery' });
    const order = await confirmedOrder(env, await makePartner(env, 'Gus'), [{ product_id: service, product_uom_qty: 3 }]);
    const [line] = await env.model('sale.order.line').search([['order_id', '=', order.ids[0]]]);
    await line.write({ qty_delivered: 3 });
    await order._create_invoices();
    await line.write({ qty_delivered: 1 });
    expect((await line.fetchOne(['qty_to_invoice'])).qty_to_invoice).toBe(-2);
    await expect(order._create_invoices()).rejects.toThrow(/nothing to invoice/);
    const refund = await order._create_invoices(false, true);
    expect(await refund.fetchOne(['move_type', 'amount_total'])).toMatchObject({ move_type: 'out_refund', amount_total: 200 });
    expect(await line.fetchOne(['qty_invoiced', 'qty_to_invoice', 'invoice_status'])).toMatchObject({ qty_invoiced: 1, qty_to_invoice: 0 });
  }));

  test('View Invoices on several invoices opens a list (Odoo 17 view type "list", not "tree") whose views load', () => t.rollback(async (env) => {
    const product = await makeProduct(env, 'Stool', { list_price: 15 });
    const dave = await makePartner(env, 'Dave');
    const a = await confirmedOrder(env, dave, [{ product_id: product, product_uom_qty: 1 }]);
    const b = await confirmedOrder(env, dave, [{ product_id: product, product_uom_qty: 2 }]);
    const orders = env.model<any>('sale.order').browse([...a.ids, ...b.ids]);
    const invoices = await orders._create_invoices(true);
    const action = await orders.action_view_invoice();
    expect(action).toMatchObject({ res_model: 'account.move', view_mode: 'list,form', views: [[false, 'list'], [false, 'form']] });
    expect(action.domain).toEqual([['id', 'in', expect.arrayContaining(invoices.ids)]]);
    const result: any = await env.model('account.move').get_views(action.views);
    expect(Object.keys(result.views).sort()).toEqual(['form', 'list']);
  }));

  test('the Create Invoices wizard invoices the selected orders and opens the invoice', () => t.rollback(async (env) => {
    const order = await confirmedOrder(env, await makePartner(env, 'Erin'), [{ product_id: await makeProduct(env, 'Shelf', { list_price: 35 }), product_uom_qty: 2 }]);
    const wizard = await env.model<any>('sale.advance.payment.inv').withContext({ active_model: 'sale.order', active_ids: order.ids }).create({});
    expect(await wizard.fetchOne(['advance_payment_method', 'sale_order_ids', 'count'])).toMatchObject({ advance_payment_method: 'delivered', sale_order_ids: order.ids, count: 1 });
    const action = await wizard.create_invoices();
    expect(action).toMatchObject({ type: 'ir.actions.act_window', res_model: 'account.move' });
    const [invoiceId] = (await order.fetchOne(['invoice_ids'])).invoice_ids;
    expect(action.res_id).toBe(invoiceId);
    expect((await env.model('account.move').browse(invoiceId).fetchOne(['amount_total'])).amount_total).toBe(70);
  }));

  test('cancelling an order cancels its draft invoices', () => t.rollback(async (env) => {
    const order = await confirmedOrder(env, await makePartner(env, 'Fay'), [{ product_id: await makeProduct(env, 'Rug'), product_uom_qty: 1 }]);
    const invoice = await order._create_invoices();
    await order.action_cancel();
    expect((await invoice.fetchOne(['state'])).state).toBe('cancel');
    expect((await order.fetchOne(['state', 'invoice_status'])).invoice_status).toBe('no');
  }));
});
