import { engines } from '../../support/db';
import type { RpcClient } from '../../support/server';
import { lines, refused, startBusinessServer, unique, type BusinessServer } from './rpc_helpers';

/**
 * Bad input over RPC: each call is refused with an Odoo error saying what is wrong and what to
 * do, and nothing of it is written (records are counted before and after).
 */
for (const engine of engines()) describe(`bad input over RPC on ${engine}`, () => {
  let b: BusinessServer;
  let seller: RpcClient;
  let stocker: RpcClient;
  let biller: RpcClient;
  let bookkeeper: RpcClient;
  let stock: number;

  beforeAll(async () => {
    b = await startBusinessServer(engine);
    seller = (await b.user('bad_seller', ['sales_team.group_sale_salesman'])).client;
    stocker = (await b.user('bad_stocker', ['stock.group_stock_user'])).client;
    biller = (await b.user('bad_biller', ['account.group_account_invoice'])).client;
    bookkeeper = (await b.user('bad_bookkeeper', ['account.group_account_user'])).client;
    stock = await b.ref('stock.stock_location_stock');
  }, 120_000);
  afterAll(() => b?.server.close());

  const button = (client: RpcClient, model: string, method: string, ids: number[], kwargs: Record<string, unknown> = {}) =>
    client.call('/web/dataset/call_button', { model, method, args: [ids], kwargs });

  async function snapshot(models: string[]): Promise<number[]> {
    return Promise.all(models.map((model) => b.count(model)));
  }

  async function postedInvoice(price: number): Promise<number> {
    const partner = await biller.callKw('res.partner', 'create', [{ name: unique('Debtor') }]);
    const invoice = await biller.callKw('account.move', 'create', [{
      move_type: 'out_invoice', partner_id: partner, invoice_date: '2026-03-01', invoice_line_ids: lines({ name: 'Service', quantity: 1, price_unit: price, tax_ids: [[6, 0, []]] }),
    }]);
    await button(biller, 'account.move', 'action_post', [invoice]);
    return invoice;
  }

  test('negative quantities on an order line or a stock move', async () => {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Bolt'), is_storable: true }]);
    const partner = await seller.callKw('res.partner', 'create', [{ name: unique('Negative') }]);
    const before = await snapshot(['sale.order', 'sale.order.line', 'stock.picking', 'stock.move']);
    await refused(seller.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: -2, price_unit: 5 }) }]),
      'ValidationError', /negative/i);
    expect(await snapshot(['sale.order', 'sale.order.line', 'stock.picking', 'stock.move'])).toEqual(before);

    const counted = await stocker.callKw('stock.quant', 'create', [{ product_id: product, location_id: stock, inventory_quantity: 3 }]);
    await button(stocker, 'stock.quant', 'action_apply_inventory', [counted]);
    const order = await seller.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: 2, price_unit: 5 }) }]);
    await button(seller, 'sale.order', 'action_confirm', [order]);
    const [{ picking_ids: [picking] }] = await seller.callKw('sale.order', 'read', [[order], ['picking_ids']]);
    const [{ move_ids: moves }] = await stocker.callKw('stock.picking', 'read', [[picking], ['move_ids']]);
    const message = await refused(stocker.callKw('stock.move', 'write', [moves, { quantity: -1 }]), 'ValidationError', /Stock quantities cannot be negative .*enter 0 or more/);
    expect(message).toMatch(/return/);
    expect((await stocker.callKw('stock.move', 'read', [moves, ['quantity', 'state']]))[0]).toMatchObject({ quantity: 2, state: 'assigned' });
    await refused(stocker.callKw('stock.quant', 'create', [{ product_id: product, location_id: stock, inventory_quantity: -4 }]), 'ValidationError', /cannot be negative/);
    expect(await b.count('stock.quant', [['product_id', '=', product]])).toBe(1);
  });

  test('validating a transfer with nothing done', async () => {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Out of stock'), is_storable: true }]);
    const partner = await seller.callKw('res.partner', 'create', [{ name: unique('Waiting') }]);
    const order = await seller.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: 4 }) }]);
    await button(seller, 'sale.order', 'action_confirm', [order]);
    const [{ picking_ids: [picking] }] = await seller.callKw('sale.order', 'read', [[order], ['picking_ids']]);
    expect((await stocker.callKw('stock.picking', 'read', [[picking], ['state']]))[0].state).toBe('confirmed');
    const doneLines = await b.count('stock.move.line', [['state', '=', 'done']]);
    const pickings = await b.count('stock.picking');
    await refused(button(stocker, 'stock.picking', 'button_validate', [picking]), 'UserError', /^Nothing to validate on WH\/OUT\/\d+: no quantity is set\. Enter the quantity you moved/);
    expect((await stocker.callKw('stock.picking', 'read', [[picking], ['state', 'date_done']]))[0]).toMatchObject({ state: 'confirmed', date_done: false });
    expect(await b.count('stock.move.line', [['state', '=', 'done']])).toBe(doneLines);
    expect(await b.count('stock.picking')).toBe(pickings);
    expect((await seller.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['qty_delivered'] }))[0].qty_delivered).toBe(0);
  });

  test('an unbalanced journal entry is not posted', async () => {
    const [income, expense] = await Promise.all(['account.1_account_400000', 'account.1_account_600000'].map(b.ref));
    const entry = await biller.callKw('account.move', 'create', [{
      move_type: 'entry', line_ids: lines({ account_id: expense, debit: 100 }, { account_id: income, credit: 90.5 }),
    }]);
    const posted = await b.count('account.move', [['state', '=', 'posted']]);
    await refused(button(biller, 'account.move', 'action_post', [entry]), 'UserError',
      'The entry is not balanced: debits and credits differ by 9.50 (more debit). Fix the amounts so that total debit equals total credit.');
    expect((await biller.callKw('account.move', 'read', [[entry], ['state', 'name']]))[0]).toMatchObject({ state: 'draft', name: '/' });
    expect(await b.count('account.move', [['state', '=', 'posted']])).toBe(posted);
    expect(await b.count('account.move.line', [['move_id', '=', entry], ['parent_state', '=', 'posted']])).toBe(0);
  });

  test('posting an empty invoice', async () => {
    const partner = await biller.callKw('res.partner', 'create', [{ name: unique('Empty') }]);
    const invoice = await biller.callKw('account.move', 'create', [{ move_type: 'out_invoice', partner_id: partner }]);
    await refused(button(biller, 'account.move', 'action_post', [invoice]), 'UserError', 'You cannot post this customer invoice: it has no invoice lines. Add at least one line.');
    expect((await biller.callKw('account.move', 'read', [[invoice], ['state', 'name', 'amount_total']]))[0]).toMatchObject({ state: 'draft', name: '/', amount_total: 0 });
  });

  test('paying more than is due', async () => {
    const invoice = await postedInvoice(80);
    const bank = await b.ref('account.1_bank');
    const context = { active_model: 'account.move', active_ids: [invoice] };
    const before = await snapshot(['account.payment', 'account.move', 'account.partial.reconcile']);
    const wizard = await biller.callKw('account.payment.register', 'create', [{ journal_id: bank, amount: 80.01 }], { context });
    await refused(button(biller, 'account.payment.register', 'action_create_payments', [wizard], { context }), 'UserError',
      'The payment of 80.01 USD is more than what is due (80.00 USD): enter at most the amount due.');
    expect(await snapshot(['account.payment', 'account.move', 'account.partial.reconcile'])).toEqual(before);
    expect((await biller.callKw('account.move', 'read', [[invoice], ['amount_residual', 'payment_state']]))[0]).toMatchObject({ amount_residual: 80, payment_state: 'not_paid' });
  });

  test('a bank statement CSV with a bad row imports nothing and names the row', async () => {
    const bank = await b.ref('account.1_bank');
    const before = await snapshot(['account.bank.statement', 'account.bank.statement.line', 'account.move']);
    const csv = (row3: string) => `date,label,amount,partner\n2026-04-01,Deposit,100.00,\n2026-04-02,Fee,-2.50,\n${row3}\n`;
    await refused(bookkeeper.callKw('account.journal', 'import_statement_csv', [[bank], csv('2026-04-03,Transfer,12x,')]), 'ValidationError',
      'Row 4 of the CSV has the amount "12x": write amounts like -1234.56 (dot as decimal separator, no thousands separator).');
    await refused(bookkeeper.callKw('account.journal', 'import_statement_csv', [[bank], csv('03/04/2026,Transfer,12.00,')]), 'ValidationError',
      'Row 4 of the CSV has the date "03/04/2026": write dates as YYYY-MM-DD.');
    await refused(bookkeeper.callKw('account.journal', 'import_statement_csv', [[bank], csv('2026-04-03,Transfer,12.00,Nobody Known Here')]), 'ValidationError',
      'Row 4 of the CSV names the partner "Nobody Known Here", which does not exist: create the contact or leave the column empty.');
    expect(await snapshot(['account.bank.statement', 'account.bank.statement.line', 'account.move'])).toEqual(before);
  });

  test('a batch of payments from two journals is refused', async () => {
    const bank = await b.ref('account.1_bank');
    const cash = await b.ref('account.1_cash');
    const payments: number[] = [];
    for (const journal of [bank, cash]) {
      const invoice = await postedInvoice(10);
      const context = { active_model: 'account.move', active_ids: [invoice] };
      const wizard = await biller.callKw('account.payment.register', 'create', [{ journal_id: journal }], { context });
      payments.push(...(await button(biller, 'account.payment.register', 'action_create_payments', [wizard], { context })).res_ids);
    }
    const batches = await b.count('account.batch.payment');
    await refused(button(biller, 'account.payment', 'create_batch_payment', payments), 'UserError', 'All payments of a batch must use the same journal: select payments of one bank journal.');
    expect(await b.count('account.batch.payment')).toBe(batches);
    expect((await biller.callKw('account.payment', 'read', [payments, ['batch_payment_id']])).map((p: any) => p.batch_payment_id)).toEqual([false, false]);
  });

  test('deleting a posted entry', async () => {
    const invoice = await postedInvoice(25);
    const [{ name }] = await biller.callKw('account.move', 'read', [[invoice], ['name']]);
    const lineCount = await b.count('account.move.line', [['move_id', '=', invoice]]);
    await refused(biller.callKw('account.move', 'unlink', [[invoice]]), 'UserError',
      `The entry ${name} is posted and cannot be deleted: reset it to draft and cancel it instead, so its number stays accounted for.`);
    expect((await biller.callKw('account.move', 'read', [[invoice], ['state']]))[0].state).toBe('posted');
    expect(await b.count('account.move.line', [['move_id', '=', invoice]])).toBe(lineCount);
    await refused(biller.callKw('account.move', 'write', [[invoice], { partner_id: false }]), 'UserError', new RegExp(`The entry ${name.replace(/\//g, '\\/')} is posted: partner_id cannot be changed\\. Reset it to draft first\\.`));
  });
});
