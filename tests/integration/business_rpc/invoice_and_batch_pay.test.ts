import { engines } from '../../support/db';
import type { RpcClient } from '../../support/server';
import { lines, refused, startBusinessServer, unique, type BusinessServer } from './rpc_helpers';

/**
 * Invoicing and collecting over RPC: a salesperson invoices orders, a billing user posts the
 * invoices and registers payments in a batch, a bookkeeper imports the bank statement and
 * reconciles it. Each is refused outside their part.
 */
for (const engine of engines()) describe(`invoicing and batch payments over RPC on ${engine}`, () => {
  let b: BusinessServer;
  let seller: RpcClient;
  let biller: RpcClient;
  let bookkeeper: RpcClient;
  let amazon: { journal: number; receipts: number; payments: number; batchMethod: number; manualOut: number };

  beforeAll(async () => {
    b = await startBusinessServer(engine);
    seller = (await b.user('inv_seller', ['sales_team.group_sale_salesman'])).client;
    biller = (await b.user('inv_biller', ['account.group_account_invoice'])).client;
    bookkeeper = (await b.user('inv_bookkeeper', ['account.group_account_user'])).client;
    amazon = await amazonPaymentsJournal();
  }, 120_000);
  afterAll(() => b?.server.close());

  /** Configuration (the accounting administrator): "Amazon Payments" whose receipts and payments wait on intermediary accounts. */
  async function amazonPaymentsJournal() {
    const receipts = await b.admin.callKw('account.account', 'create', [{ code: '101490', name: 'Amazon Receipts Intermediary', account_type: 'asset_current', reconcile: true }]);
    const payments = await b.admin.callKw('account.account', 'create', [{ code: '101491', name: 'Amazon Payments Intermediary', account_type: 'asset_current', reconcile: true }]);
    const journal = await b.admin.callKw('account.journal', 'create', [{ name: 'Amazon Payments', code: 'AMZP', type: 'bank' }]);
    const methods = await b.admin.callKw('account.payment.method.line', 'search_read', [[['journal_id', '=', journal]]], { fields: ['code', 'payment_type'] });
    const batchMethod = methods.find((m: any) => m.code === 'batch_payment' && m.payment_type === 'inbound').id;
    const manualOut = methods.find((m: any) => m.code === 'manual' && m.payment_type === 'outbound').id;
    await b.admin.callKw('account.payment.method.line', 'write', [[batchMethod], { payment_account_id: receipts }]);
    await b.admin.callKw('account.payment.method.line', 'write', [[manualOut], { payment_account_id: payments }]);
    return { journal, receipts, payments, batchMethod, manualOut };
  }

  /** Posted journal items' balance on an account. */
  async function balance(account: number): Promise<number> {
    const groups = await b.admin.callKw('account.move.line', 'read_group', [[['account_id', '=', account], ['parent_state', '=', 'posted']], ['balance:sum'], ['account_id']]);
    return Math.round((groups[0]?.balance ?? 0) * 100) / 100;
  }

  const button = (client: RpcClient, model: string, method: string, ids: number[], ...rest: unknown[]) =>
    client.call('/web/dataset/call_button', { model, method, args: [ids, ...rest], kwargs: {} });

  async function invoicedOrders(prices: number[]): Promise<number[]> {
    const service = await b.admin.callKw('product.product', 'create', [{ name: unique('Consulting'), type: 'service' }]);
    const orders: number[] = [];
    for (const price of prices) {
      const partner = await seller.callKw('res.partner', 'create', [{ name: unique('Client') }]);
      const order = await seller.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: service, product_uom_qty: 1, price_unit: price, tax_id: [[6, 0, []]] }) }]);
      await button(seller, 'sale.order', 'action_confirm', [order]);
      orders.push(order);
    }
    const context = { active_model: 'sale.order', active_ids: orders };
    const wizard = await seller.callKw('sale.advance.payment.inv', 'create', [{}], { context });
    const action = await seller.call('/web/dataset/call_button', { model: 'sale.advance.payment.inv', method: 'create_invoices', args: [[wizard]], kwargs: { context } });
    const invoices: number[] = action.domain[0][2];
    expect(invoices).toHaveLength(prices.length);
    const read = await seller.callKw('sale.order', 'read', [orders, ['invoice_status', 'invoice_ids']]);
    expect(read.map((o: any) => [o.invoice_status, o.invoice_ids.length])).toEqual(prices.map(() => ['invoiced', 1]));
    return invoices;
  }

  test('three orders invoiced, paid together by Batch Deposit, reconciled with one imported bank line', async () => {
    const invoices = await invoicedOrders([100, 49.99, 12.34]);
    // A salesperson makes invoices from orders but does not post them.
    await refused(button(seller, 'account.move', 'action_post', invoices), 'AccessError', /account\.move/);
    await button(biller, 'account.move', 'action_post', invoices);
    const posted = await biller.callKw('account.move', 'read', [invoices, ['state', 'name', 'amount_total', 'payment_state']]);
    expect(posted.map((m: any) => [m.state, m.payment_state])).toEqual([['posted', 'not_paid'], ['posted', 'not_paid'], ['posted', 'not_paid']]);
    expect(posted.map((m: any) => m.amount_total).sort((x: number, y: number) => x - y)).toEqual([12.34, 49.99, 100]);

    const context = { active_model: 'account.move', active_ids: invoices };
    await refused(seller.callKw('account.payment.register', 'create', [{ journal_id: amazon.journal }], { context }), 'AccessError', /account\.payment\.register/);
    const register = await biller.callKw('account.payment.register', 'create', [{
      journal_id: amazon.journal, payment_method_line_id: amazon.batchMethod, group_payment: true, payment_date: '2026-03-10',
    }], { context });
    const shown = await biller.call('/web/dataset/call_button', { model: 'account.payment.register', method: 'action_create_payments', args: [[register]], kwargs: { context } });
    const payments: number[] = shown.res_ids;
    expect(payments).toHaveLength(3);
    // The client opens the payments created, and only them, in the list view.
    expect(shown).toMatchObject({ view_mode: 'list,form', domain: [['id', 'in', payments]] });
    const paymentRows = await biller.callKw('account.payment', 'read', [payments, ['state', 'payment_method_code', 'amount']]);
    expect(paymentRows.every((p: any) => p.state === 'posted' && p.payment_method_code === 'batch_payment')).toBe(true);
    expect((await biller.callKw('account.move', 'read', [invoices, ['payment_state']])).map((m: any) => m.payment_state)).toEqual(['in_payment', 'in_payment', 'in_payment']);
    expect(await balance(amazon.receipts)).toBe(162.33);

    const batchAction = await button(biller, 'account.payment', 'create_batch_payment', payments);
    const batch = batchAction.res_id;
    await button(biller, 'account.batch.payment', 'validate_batch', [batch]);
    expect((await biller.callKw('account.batch.payment', 'read', [[batch], ['state', 'amount', 'batch_type', 'name']]))[0])
      .toMatchObject({ state: 'sent', amount: 162.33, batch_type: 'inbound', name: expect.stringMatching(/^BATCH\/IN\/\d{4}\/\d{4}$/) });

    // Bank statements are the bookkeeper's: the billing user cannot import one.
    const csv = 'date,label,amount\n2026-03-15,"AMAZON PAYOUT, March",162.33\n';
    const statements = await b.count('account.bank.statement');
    await refused(biller.callKw('account.journal', 'import_statement_csv', [[amazon.journal], csv]), 'AccessError', /account\.bank\.statement/);
    expect(await b.count('account.bank.statement')).toBe(statements);
    const statement = await bookkeeper.callKw('account.journal', 'import_statement_csv', [[amazon.journal], csv]);
    const [line] = await bookkeeper.callKw('account.bank.statement.line', 'search_read', [[['statement_id', '=', statement]]], { fields: ['amount', 'payment_ref', 'is_reconciled'] });
    expect(line).toMatchObject({ amount: 162.33, payment_ref: 'AMAZON PAYOUT, March', is_reconciled: false });
    await button(bookkeeper, 'account.batch.payment', 'reconcile_with_statement_line', [batch], line.id);

    expect((await biller.callKw('account.batch.payment', 'read', [[batch], ['state']]))[0].state).toBe('reconciled');
    expect((await biller.callKw('account.move', 'read', [invoices, ['payment_state', 'amount_residual']])).map((m: any) => [m.payment_state, m.amount_residual]))
      .toEqual([['paid', 0], ['paid', 0], ['paid', 0]]);
    expect(await balance(amazon.receipts)).toBe(0);
    expect((await bookkeeper.callKw('account.bank.statement.line', 'read', [[line.id], ['is_reconciled', 'amount_residual']]))[0]).toMatchObject({ is_reconciled: true, amount_residual: 0 });
  });

  test('two vendor bills paid in an outbound batch, reconciled with one bank line', async () => {
    const bills: number[] = [];
    for (const [name, price] of [['Carrier Co', 300], ['Packaging Ltd', 45.5]] as const) {
      const vendor = await biller.callKw('res.partner', 'create', [{ name: unique(name) }]);
      bills.push(await biller.callKw('account.move', 'create', [{
        move_type: 'in_invoice', partner_id: vendor, invoice_date: '2026-03-01', invoice_line_ids: lines({ name: 'Services', quantity: 1, price_unit: price, tax_ids: [[6, 0, []]] }),
      }]));
    }
    await button(biller, 'account.move', 'action_post', bills);
    // The bills' "Register Payment" button opens the wizard on them.
    const opened = await button(biller, 'account.move', 'action_register_payment', bills);
    expect(opened).toMatchObject({ type: 'ir.actions.act_window', res_model: 'account.payment.register', target: 'new' });
    const context = opened.context;
    expect(context).toEqual({ active_model: 'account.move', active_ids: bills });
    const register = await biller.callKw('account.payment.register', 'create', [{ journal_id: amazon.journal, payment_method_line_id: amazon.manualOut, group_payment: true }], { context });
    const { res_ids: payments } = await biller.call('/web/dataset/call_button', { model: 'account.payment.register', method: 'action_create_payments', args: [[register]], kwargs: { context } });
    expect(payments).toHaveLength(2);
    expect(await balance(amazon.payments)).toBe(-345.5);
    const { res_id: batch } = await button(biller, 'account.payment', 'create_batch_payment', payments);
    await button(biller, 'account.batch.payment', 'validate_batch', [batch]);
    expect((await biller.callKw('account.batch.payment', 'read', [[batch], ['amount', 'batch_type']]))[0]).toMatchObject({ amount: 345.5, batch_type: 'outbound' });

    const statement = await bookkeeper.callKw('account.journal', 'import_statement_csv', [[amazon.journal], '2026-03-20,Vendor transfers,-345.50\n']);
    const [line] = await bookkeeper.callKw('account.bank.statement.line', 'search', [[['statement_id', '=', statement]]]);
    // A line that does not equal the batch is refused and nothing is reconciled.
    const other = await bookkeeper.callKw('account.journal', 'import_statement_csv', [[amazon.journal], '2026-03-20,Part of it,-300\n']);
    const [wrongLine] = await bookkeeper.callKw('account.bank.statement.line', 'search', [[['statement_id', '=', other]]]);
    await refused(button(bookkeeper, 'account.batch.payment', 'reconcile_with_statement_line', [batch], wrongLine), 'UserError', /does not equal the batch .* total \(-345\.5\)/);
    expect((await biller.callKw('account.batch.payment', 'read', [[batch], ['state']]))[0].state).toBe('sent');

    await button(bookkeeper, 'account.batch.payment', 'reconcile_with_statement_line', [batch], line);
    expect((await biller.callKw('account.batch.payment', 'read', [[batch], ['state']]))[0].state).toBe('reconciled');
    expect((await biller.callKw('account.move', 'read', [bills, ['payment_state']])).map((m: any) => m.payment_state)).toEqual(['paid', 'paid']);
    expect(await balance(amazon.payments)).toBe(0);
  });

  test('a hand-entered statement line pays an invoice directly; bank fees are written off to an expense account', async () => {
    const [invoice] = await invoicedOrders([80]);
    await button(biller, 'account.move', 'action_post', [invoice]);
    const [receivable] = await biller.callKw('account.move.line', 'search', [[['move_id', '=', invoice], ['display_type', '=', 'payment_term']]]);
    const bank = await b.ref('account.1_bank');
    const suspense = await b.ref('account.1_account_101402');
    const expense = await b.ref('account.1_account_600000');
    const suspenseBefore = await balance(suspense);
    const expenseBefore = await balance(expense);

    const lines = await b.count('account.bank.statement.line');
    await refused(biller.callKw('account.bank.statement.line', 'create', [{ journal_id: bank, date: '2026-03-18', payment_ref: 'Transfer', amount: 80 }]), 'AccessError', /account\.bank\.statement\.line/);
    expect(await b.count('account.bank.statement.line')).toBe(lines);
    const received = await bookkeeper.callKw('account.bank.statement.line', 'create', [{ journal_id: bank, date: '2026-03-18', payment_ref: 'Customer transfer', amount: 80 }]);
    expect(await balance(suspense)).toBe(suspenseBefore - 80);
    await button(bookkeeper, 'account.bank.statement.line', 'reconcile_with_lines', [received], [receivable]);
    expect((await biller.callKw('account.move', 'read', [[invoice], ['payment_state', 'amount_residual']]))[0]).toEqual({ id: invoice, payment_state: 'paid', amount_residual: 0 });
    expect((await bookkeeper.callKw('account.bank.statement.line', 'read', [[received], ['is_reconciled']]))[0].is_reconciled).toBe(true);

    const fees = await bookkeeper.callKw('account.bank.statement.line', 'create', [{ journal_id: bank, date: '2026-03-31', payment_ref: 'Bank fees March', amount: -12.5 }]);
    await button(bookkeeper, 'account.bank.statement.line', 'reconcile_with_writeoff', [fees], expense, 'Bank fees');
    expect((await bookkeeper.callKw('account.bank.statement.line', 'read', [[fees], ['is_reconciled', 'amount_residual']]))[0]).toMatchObject({ is_reconciled: true, amount_residual: 0 });
    expect(await balance(expense)).toBe(expenseBefore + 12.5);
    expect(await balance(suspense)).toBe(suspenseBefore);
    // Reconciling it again is refused: it is done.
    await refused(button(bookkeeper, 'account.bank.statement.line', 'reconcile_with_writeoff', [fees], expense), 'UserError', /already fully reconciled/);
    expect(await balance(expense)).toBe(expenseBefore + 12.5);
  });
});
