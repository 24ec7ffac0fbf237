import { engines } from '../../support/db';
import type { RpcClient } from '../../support/server';
import { lines, refused, startBusinessServer, unique, type BusinessServer } from './rpc_helpers';

/**
 * Selling and delivering over RPC, each person in their own role: a salesperson sells, a stock
 * user picks and validates, and each is refused outside their part.
 */
for (const engine of engines()) describe(`sell and deliver over RPC on ${engine}`, () => {
  let b: BusinessServer;
  let seller: RpcClient;
  let stocker: RpcClient;
  let stock: number;
  let customers: number;

  beforeAll(async () => {
    b = await startBusinessServer(engine);
    seller = (await b.user('rpc_seller', ['sales_team.group_sale_salesman'])).client;
    stocker = (await b.user('rpc_stocker', ['stock.group_stock_user'])).client;
    stock = await b.ref('stock.stock_location_stock');
    customers = await b.ref('stock.stock_location_customers');
  }, 120_000);
  afterAll(() => b?.server.close());

  /** A storable product (created by the administrator) with qty counted in WH/Stock by the stock user. */
  async function stockedProduct(qty: number): Promise<number> {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Desk'), is_storable: true, list_price: 50 }]);
    const quant = await stocker.callKw('stock.quant', 'create', [{ product_id: product, location_id: stock, inventory_quantity: qty }]);
    await stocker.call('/web/dataset/call_button', { model: 'stock.quant', method: 'action_apply_inventory', args: [[quant]], kwargs: {} });
    return product;
  }

  async function confirmedOrder(product: number, qty: number): Promise<{ order: number; picking: number }> {
    const partner = await seller.callKw('res.partner', 'create', [{ name: unique('Buyer') }]);
    const order = await seller.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: qty, price_unit: 50 }) }]);
    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_confirm', args: [[order]], kwargs: {} });
    const [{ picking_ids: pickings }] = await seller.callKw('sale.order', 'read', [[order], ['picking_ids']]);
    expect(pickings).toHaveLength(1);
    return { order, picking: pickings[0] };
  }

  const quantAt = async (product: number, location: number) => {
    const rows = await stocker.callKw('stock.quant', 'search_read', [[['product_id', '=', product], ['location_id', '=', location]]], { fields: ['quantity', 'reserved_quantity'] });
    return rows.map((r: any) => [r.quantity, r.reserved_quantity]);
  };

  test('sell 10, deliver 6 with a backorder then 4: delivered quantities, quants and Moves History agree', async () => {
    const product = await stockedProduct(10);
    const { order, picking } = await confirmedOrder(product, 10);
    const [delivery] = await seller.callKw('stock.picking', 'read', [[picking], ['state', 'origin', 'move_ids', 'location_dest_id']]);
    expect(delivery).toMatchObject({ state: 'assigned', location_dest_id: [customers, expect.any(String)] });
    expect(await quantAt(product, stock)).toEqual([[10, 10]]);

    // The salesperson reads deliveries but cannot validate them.
    await refused(seller.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[picking]], kwargs: {} }), 'AccessError', /stock\.picking/);
    await refused(seller.callKw('stock.move', 'write', [delivery.move_ids, { quantity: 6 }]), 'AccessError', /stock\.move/);

    await stocker.callKw('stock.move', 'write', [delivery.move_ids, { quantity: 6 }]);
    const action = await stocker.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[picking]], kwargs: {} });
    expect(action).toMatchObject({ type: 'ir.actions.act_window', res_model: 'stock.backorder.confirmation', target: 'new' });
    const wizard = await stocker.callKw('stock.backorder.confirmation', 'create', [{ pick_ids: action.context.default_pick_ids }], { context: action.context });
    await stocker.call('/web/dataset/call_button', { model: 'stock.backorder.confirmation', method: 'process', args: [[wizard]], kwargs: { context: action.context } });

    const orderLine = async () => (await seller.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['qty_delivered', 'product_uom_qty'] }))[0];
    expect(await orderLine()).toMatchObject({ qty_delivered: 6, product_uom_qty: 10 });
    expect(await quantAt(product, stock)).toEqual([[4, 4]]);
    const [backorder] = await stocker.callKw('stock.picking', 'search_read', [[['backorder_id', '=', picking]]], { fields: ['state', 'sale_id', 'move_ids'] });
    expect(backorder).toMatchObject({ state: 'assigned', sale_id: [order, expect.any(String)] });
    expect((await seller.callKw('sale.order', 'read', [[order], ['delivery_count']]))[0].delivery_count).toBe(2);

    // The backorder is reserved in full: validating it needs no question and returns nothing.
    expect(await stocker.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[backorder.id]], kwargs: {} })).toBe(false);
    expect(await orderLine()).toMatchObject({ qty_delivered: 10 });
    expect(await quantAt(product, stock)).toEqual([[0, 0]]);
    expect(await quantAt(product, customers)).toEqual([]); // goods that left are not counted as stock

    const history = await stocker.callKw('stock.move.line', 'action_moves_history', []);
    expect(history.domain).toEqual([['state', '=', 'done']]);
    const delivered = await stocker.callKw('stock.move.line', 'search_read', [[...history.domain, ['product_id', '=', product], ['location_dest_id', '=', customers]]],
      { fields: ['reference', 'location_id', 'quantity', 'date'], order: 'id' });
    expect(delivered.map((l: any) => [l.location_id[0], l.quantity])).toEqual([[stock, 6], [stock, 4]]);
    expect(delivered.every((l: any) => /^WH\/OUT\/\d+$/.test(l.reference) && l.date)).toBe(true);
    const byProduct = await stocker.callKw('stock.move.line', 'read_group', [[...history.domain, ['product_id', '=', product]], ['quantity:sum'], ['location_dest_id']], { lazy: false });
    expect(Object.fromEntries(byProduct.map((g: any) => [g.location_dest_id[0], g.quantity]))).toEqual({ [customers]: 10, [stock]: 10 });
    const byDay = await stocker.callKw('stock.move.line', 'read_group', [[...history.domain, ['product_id', '=', product], ['location_id', '=', stock]], ['quantity:sum'], ['product_id', 'date:day']], { lazy: false });
    expect(byDay.map((g: any) => [g.product_id[0], g.quantity])).toEqual([[product, 10]]);
    const done = await stocker.callKw('stock.picking', 'read', [[picking, backorder.id], ['state', 'date_done']]);
    expect(done.every((p: any) => p.state === 'done' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(p.date_done))).toBe(true);
  });

  test('validating 6 of 10 without a backorder cancels the rest', async () => {
    const product = await stockedProduct(10);
    const { order, picking } = await confirmedOrder(product, 10);
    const [{ move_ids: moves }] = await stocker.callKw('stock.picking', 'read', [[picking], ['move_ids']]);
    await stocker.callKw('stock.move', 'write', [moves, { quantity: 6 }]);
    const action = await stocker.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[picking]], kwargs: {} });
    const wizard = await stocker.callKw('stock.backorder.confirmation', 'create', [{ pick_ids: action.context.default_pick_ids }], { context: action.context });
    await stocker.call('/web/dataset/call_button', { model: 'stock.backorder.confirmation', method: 'process_cancel_backorder', args: [[wizard]], kwargs: { context: action.context } });

    expect((await stocker.callKw('stock.picking', 'read', [[picking], ['state']]))[0].state).toBe('done');
    expect(await stocker.callKw('stock.picking', 'search_count', [[['backorder_id', '=', picking]]])).toBe(0);
    const states = await stocker.callKw('stock.move', 'search_read', [[['picking_id', '=', picking]]], { fields: ['state', 'product_uom_qty', 'quantity'], order: 'id' });
    expect(states.map((m: any) => [m.state, m.product_uom_qty])).toEqual([['done', 6], ['cancel', 4]]);
    expect((await seller.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['qty_delivered'] }))[0].qty_delivered).toBe(6);
    expect(await quantAt(product, stock)).toEqual([[4, 0]]);
  });

  test('a product invoiced on delivered quantities is invoiced 6 then 4 as it ships', async () => {
    const template = await b.admin.callKw('product.template', 'create', [{ name: unique('Cabinet'), is_storable: true, invoice_policy: 'delivery', list_price: 50 }]);
    const [product] = await b.admin.callKw('product.product', 'search', [[['product_tmpl_id', '=', template]]]);
    const quant = await stocker.callKw('stock.quant', 'create', [{ product_id: product, location_id: stock, inventory_quantity: 10 }]);
    await stocker.call('/web/dataset/call_button', { model: 'stock.quant', method: 'action_apply_inventory', args: [[quant]], kwargs: {} });
    const { order, picking } = await confirmedOrder(product, 10);
    const invoice = async () => {
      const context = { active_model: 'sale.order', active_ids: [order] };
      const wizard = await seller.callKw('sale.advance.payment.inv', 'create', [{}], { context });
      return seller.call('/web/dataset/call_button', { model: 'sale.advance.payment.inv', method: 'create_invoices', args: [[wizard]], kwargs: { context } });
    };
    const line = async () => (await seller.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['qty_delivered', 'qty_invoiced', 'qty_to_invoice'] }))[0];
    expect(await line()).toMatchObject({ qty_delivered: 0, qty_to_invoice: 0 });
    const invoices = await b.count('account.move', [['move_type', '=', 'out_invoice']]);
    await refused(invoice(), 'UserError', /^There is nothing to invoice on these orders: .*deliver them before invoicing\.$/);
    expect(await b.count('account.move', [['move_type', '=', 'out_invoice']])).toBe(invoices);

    const [{ move_ids: moves }] = await stocker.callKw('stock.picking', 'read', [[picking], ['move_ids']]);
    await stocker.callKw('stock.move', 'write', [moves, { quantity: 6 }]);
    const action = await stocker.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[picking]], kwargs: {} });
    const wizard = await stocker.callKw('stock.backorder.confirmation', 'create', [{ pick_ids: action.context.default_pick_ids }], { context: action.context });
    await stocker.call('/web/dataset/call_button', { model: 'stock.backorder.confirmation', method: 'process', args: [[wizard]], kwargs: { context: action.context } });
    expect(await line()).toMatchObject({ qty_delivered: 6, qty_invoiced: 0, qty_to_invoice: 6 });
    const first = await invoice();
    const firstLines = await seller.callKw('account.move.line', 'search_read', [[['move_id', 'in', first.domain[0][2]], ['display_type', '=', 'product']]], { fields: ['quantity', 'price_unit'] });
    expect(firstLines.map((l: any) => [l.quantity, l.price_unit])).toEqual([[6, 50]]);
    expect(await line()).toMatchObject({ qty_invoiced: 6, qty_to_invoice: 0 });

    const [backorder] = await stocker.callKw('stock.picking', 'search', [[['backorder_id', '=', picking]]]);
    await stocker.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[backorder]], kwargs: {} });
    expect(await line()).toMatchObject({ qty_delivered: 10, qty_to_invoice: 4 });
    const second = await invoice();
    const secondLines = await seller.callKw('account.move.line', 'search_read', [[['move_id', 'in', second.domain[0][2]], ['display_type', '=', 'product']]], { fields: ['quantity'] });
    expect(secondLines.map((l: any) => l.quantity)).toEqual([4]);
    expect(await line()).toMatchObject({ qty_invoiced: 10, qty_to_invoice: 0 });
    expect((await seller.callKw('sale.order', 'read', [[order], ['invoice_status', 'invoice_count']]))[0]).toMatchObject({ invoice_status: 'invoiced', invoice_count: 2 });
  });

  test('carrier and tracking on a delivery; an archived carrier refuses the validation and nothing moves', async () => {
    const product = await stockedProduct(4);
    const { order, picking } = await confirmedOrder(product, 4);
    const carrier = await b.admin.callKw('delivery.carrier', 'create', [{
      name: unique('UPS Ground'), product_id: await b.ref('delivery.product_product_delivery'), tracking_url: 'https://track.example.com/?id=<shipmentTrackingNumber>',
    }]);
    await stocker.callKw('stock.picking', 'write', [[picking], { carrier_id: carrier, carrier_tracking_ref: '1Z 999' }]);
    expect((await seller.callKw('stock.picking', 'read', [[picking], ['carrier_tracking_url']]))[0].carrier_tracking_url).toBe('https://track.example.com/?id=1Z%20999');

    await b.admin.callKw('delivery.carrier', 'write', [[carrier], { active: false }]);
    const doneLines = await b.count('stock.move.line', [['state', '=', 'done'], ['product_id', '=', product]]);
    await refused(stocker.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[picking]], kwargs: {} }),
      'UserError', /^WH\/OUT\/\d+ uses the archived shipping method UPS Ground .*: choose an active carrier, then validate\.$/);
    expect((await stocker.callKw('stock.picking', 'read', [[picking], ['state']]))[0].state).toBe('assigned');
    expect(await b.count('stock.move.line', [['state', '=', 'done'], ['product_id', '=', product]])).toBe(doneLines);
    expect(await quantAt(product, stock)).toEqual([[4, 4]]);

    await b.admin.callKw('delivery.carrier', 'write', [[carrier], { active: true }]);
    expect(await stocker.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[picking]], kwargs: {} })).toBe(false);
    expect((await seller.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['qty_delivered'] }))[0].qty_delivered).toBe(4);
  });

  test('a quotation with a section and a note is sent, confirmed (only goods are delivered), cancelled and reset to quotation', async () => {
    const product = await stockedProduct(5);
    const service = await b.admin.callKw('product.product', 'create', [{ name: unique('Assembly'), type: 'service' }]);
    const partner = await seller.callKw('res.partner', 'create', [{ name: unique('Office buyer') }]);
    const order = await seller.callKw('sale.order', 'create', [{
      partner_id: partner,
      order_line: lines(
        { display_type: 'line_section', name: 'Office' },
        { product_id: product, product_uom_qty: 2, price_unit: 40, tax_id: [[6, 0, []]] },
        { product_id: service, product_uom_qty: 1, price_unit: 15, discount: 20, tax_id: [[6, 0, []]] },
        { display_type: 'line_note', name: 'Delivered assembled' },
      ),
    }]);
    const [quotation] = await seller.callKw('sale.order', 'read', [[order], ['name', 'state', 'amount_total', 'order_line']]);
    expect(quotation).toMatchObject({ name: expect.stringMatching(/^S\d{5}$/), state: 'draft', amount_total: 92 });
    expect(quotation.order_line).toHaveLength(4);
    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_quotation_sent', args: [[order]], kwargs: {} });
    expect((await seller.callKw('sale.order', 'read', [[order], ['state']]))[0].state).toBe('sent');
    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_confirm', args: [[order]], kwargs: {} });
    await refused(seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_confirm', args: [[order]], kwargs: {} }), 'UserError', /^Only quotations can be confirmed; S\d{5} is sales order\.$/);
    const [{ picking_ids: pickings }] = await seller.callKw('sale.order', 'read', [[order], ['picking_ids']]);
    const moves = await stocker.callKw('stock.move', 'search_read', [[['picking_id', 'in', pickings]]], { fields: ['product_id', 'product_uom_qty'] });
    expect(moves.map((m: any) => [m.product_id[0], m.product_uom_qty])).toEqual([[product, 2]]);
    await refused(seller.callKw('sale.order', 'unlink', [[order]]), 'UserError', /has been sent or confirmed, so it cannot be deleted: cancel it first/);

    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_cancel', args: [[order]], kwargs: {} });
    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_draft', args: [[order]], kwargs: {} });
    expect((await seller.callKw('sale.order', 'read', [[order], ['state']]))[0].state).toBe('draft');
  });

  test('the order takes the customer\'s invoice and delivery addresses; the delivery goes to the delivery address, the invoice to the invoice address', async () => {
    const product = await stockedProduct(2);
    const company = await seller.callKw('res.partner', 'create', [{ name: unique('Acme HQ'), is_company: true }]);
    const shipTo = await seller.callKw('res.partner', 'create', [{ name: 'Acme Warehouse', type: 'delivery', parent_id: company }]);
    const billTo = await seller.callKw('res.partner', 'create', [{ name: 'Acme Accounts', type: 'invoice', parent_id: company }]);
    const order = await seller.callKw('sale.order', 'create', [{ partner_id: company, order_line: lines({ product_id: product, product_uom_qty: 2, price_unit: 50 }) }]);
    const [read] = await seller.callKw('sale.order', 'read', [[order], ['partner_invoice_id', 'partner_shipping_id']]);
    expect([read.partner_invoice_id[0], read.partner_shipping_id[0]]).toEqual([billTo, shipTo]);
    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_confirm', args: [[order]], kwargs: {} });
    const [{ picking_ids: [picking] }] = await seller.callKw('sale.order', 'read', [[order], ['picking_ids']]);
    expect((await seller.callKw('stock.picking', 'read', [[picking], ['partner_id']]))[0].partner_id[0]).toBe(shipTo);
    const context = { active_model: 'sale.order', active_ids: [order] };
    const wizard = await seller.callKw('sale.advance.payment.inv', 'create', [{}], { context });
    const { res_id: invoice } = await seller.call('/web/dataset/call_button', { model: 'sale.advance.payment.inv', method: 'create_invoices', args: [[wizard]], kwargs: { context } });
    expect((await seller.callKw('account.move', 'read', [[invoice], ['partner_id', 'invoice_origin']]))[0]).toMatchObject({ partner_id: [billTo, expect.any(String)], invoice_origin: expect.stringMatching(/^S\d{5}$/) });
  });

  test('the stock user cannot sell; the salesperson cannot count stock', async () => {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Lamp'), is_storable: true }]);
    const partner = await b.admin.callKw('res.partner', 'create', [{ name: unique('Walk-in') }]);
    const orders = await b.count('sale.order');
    await refused(stocker.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: 1 }) }]), 'AccessError', /sale\.order/);
    expect(await b.count('sale.order')).toBe(orders);
    await refused(seller.callKw('stock.quant', 'create', [{ product_id: product, location_id: stock, inventory_quantity: 5 }]), 'AccessError', /stock\.quant/);
    expect(await b.count('stock.quant', [['product_id', '=', product]])).toBe(0);
  });

  test('an order with nothing delivered is cancelled with its delivery; one with a done delivery is refused', async () => {
    const product = await stockedProduct(5);
    const open = await confirmedOrder(product, 2);
    expect(await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_cancel', args: [[open.order]], kwargs: {} })).toBe(false);
    expect((await seller.callKw('sale.order', 'read', [[open.order], ['state']]))[0].state).toBe('cancel');
    expect((await stocker.callKw('stock.picking', 'read', [[open.picking], ['state']]))[0].state).toBe('cancel');
    expect(await quantAt(product, stock)).toEqual([[5, 0]]);

    const shipped = await confirmedOrder(product, 2);
    await stocker.call('/web/dataset/call_button', { model: 'stock.picking', method: 'button_validate', args: [[shipped.picking]], kwargs: {} });
    const [picking] = await stocker.callKw('stock.picking', 'read', [[shipped.picking], ['name', 'state']]);
    expect(picking.state).toBe('done');
    const message = await refused(seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_cancel', args: [[shipped.order]], kwargs: {} }),
      'UserError', /cannot be cancelled: its delivery WH\/OUT\/\d+ is done/);
    expect(message).toContain(picking.name);
    expect(message).toMatch(/return/i);
    expect((await seller.callKw('sale.order', 'read', [[shipped.order], ['state']]))[0].state).toBe('sale');
    expect((await seller.callKw('sale.order.line', 'search_read', [[['order_id', '=', shipped.order]]], { fields: ['qty_delivered'] }))[0].qty_delivered).toBe(2);
  });

  test('a locked order keeps what was sold and cannot be cancelled until unlocked', async () => {
    const product = await stockedProduct(3);
    const { order } = await confirmedOrder(product, 1);
    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_lock', args: [[order]], kwargs: {} });
    const [line] = await seller.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['price_unit', 'product_uom_qty'] });
    await refused(seller.callKw('sale.order.line', 'write', [[line.id], { price_unit: 1 }]), 'UserError', /is locked: .*price_unit.* Unlock it first/);
    await refused(seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_cancel', args: [[order]], kwargs: {} }), 'UserError', /is locked and cannot be cancelled: unlock it first/);
    expect((await seller.callKw('sale.order', 'read', [[order], ['state', 'locked']]))[0]).toMatchObject({ state: 'sale', locked: true });
    expect((await seller.callKw('sale.order.line', 'read', [[line.id], ['price_unit']]))[0].price_unit).toBe(50);

    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_unlock', args: [[order]], kwargs: {} });
    await seller.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_cancel', args: [[order]], kwargs: {} });
    expect((await seller.callKw('sale.order', 'read', [[order], ['state']]))[0].state).toBe('cancel');
  });
});
