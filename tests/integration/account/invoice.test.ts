import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import { partner, postedInvoice } from './helpers';

for (const engine of engines()) describe(`account.move invoices on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['account'] }); });
  afterAll(() => t.close());

  test('an invoice with included and excluded taxes generates balanced tax and receivable lines', () => t.rollback(async (env) => {
    const customer = await partner(env, 'Ada', { vat: 'BE0477472701' });
    const incl = (await env.model('account.tax').create({ name: 'VAT 10% incl', amount: 10, price_include: true, sequence: 1 })).ids[0];
    const sale15 = (await env.ref('account.1_sale_tax_15')).ids[0];
    const move = await env.model('account.move').create({
      move_type: 'out_invoice', partner_id: customer, invoice_date: '2026-03-01',
      invoice_line_ids: [
        [0, 0, { name: 'A', quantity: 3, price_unit: 110, tax_ids: [[6, 0, [incl, sale15]]] }],
        [0, 0, { name: 'B', quantity: 1, price_unit: 19.99, tax_ids: [[6, 0, [sale15]]] }],
      ],
    }) as any;
    const [row] = await move.fetch(['amount_untaxed', 'amount_tax', 'amount_total', 'amount_residual', 'state', 'name', 'partner_vat']);
    // A: 330 incl. 10% -> 300 + 30, 15% on 300 = 45; B: 19.99 + 3.00
    expect(row).toMatchObject({ amount_untaxed: 319.99, amount_tax: 78, amount_total: 397.99, state: 'draft', name: '/', partner_vat: 'BE0477472701' });
    await move.action_post();
    const [posted] = await move.fetch(['name', 'state', 'amount_residual', 'payment_state']);
    expect(posted).toMatchObject({ name: 'INV/2026/00001', state: 'posted', amount_residual: 397.99, payment_state: 'not_paid' });
    const lines = await env.model('account.move.line').search_read([['move_id', '=', move.ids[0]]], ['display_type', 'debit', 'credit', 'balance']);
    expect(lines.reduce((s, l) => s + l.balance, 0)).toBeCloseTo(0, 6);
    expect(lines.filter((l) => l.display_type === 'tax').map((l) => l.credit).sort()).toEqual([30, 48]);
    expect(lines.find((l) => l.display_type === 'payment_term')!.debit).toBe(397.99);
  }));

  test('JPY invoices round to the yen', () => t.rollback(async (env) => {
    const customer = await partner(env, 'Kenji');
    const jpy = await env.refId('base.JPY');
    await env.model('res.currency').browse([jpy!]).write({ active: true });
    const incl = (await env.model('account.tax').create({ name: 'JP 10% incl', amount: 10, price_include: true, sequence: 1 })).ids[0];
    const excl = (await env.model('account.tax').create({ name: 'JP 8%', amount: 8, sequence: 2 })).ids[0];
    const move = await postedInvoice(env, { partnerId: customer, price: 1000, taxIds: [incl, excl], currencyId: jpy!, quantity: 3 });
    const [row] = await move.fetch(['amount_untaxed', 'amount_tax', 'amount_total']);
    // 3000 incl. 10% -> 2727 + 273; 8% of 2727 = 218.16 -> 218
    expect(row).toEqual({ id: move.ids[0], amount_untaxed: 2727, amount_tax: 491, amount_total: 3218 });
  }));

  test('an unbalanced entry is refused with the difference, and stays draft', () => t.rollback(async (env) => {
    const accounts = await env.model('account.account').search([['code', 'in', ['400000', '600000']]], { order: 'code' });
    const move = await env.model('account.move').create({
      move_type: 'entry', line_ids: [[0, 0, { account_id: accounts.ids[0], debit: 100 }], [0, 0, { account_id: accounts.ids[1], credit: 90.5 }]],
    }) as any;
    await expect(move.action_post()).rejects.toThrow('debits and credits differ by 9.50 (more debit)');
    expect((await move.fetchOne(['state', 'name']))).toMatchObject({ state: 'draft', name: '/' });
  }));

  test('an empty invoice cannot be posted; a posted entry cannot be deleted', () => t.rollback(async (env) => {
    const customer = await partner(env, 'Empty');
    const empty = await env.model('account.move').create({ move_type: 'out_invoice', partner_id: customer }) as any;
    await expect(empty.action_post()).rejects.toThrow(/it has no invoice lines/);
    const move = await postedInvoice(env, { partnerId: customer, price: 50 });
    await expect(move.unlink()).rejects.toThrow(/is posted and cannot be deleted/);
    expect((await move.exists()).ids).toEqual(move.ids);
    await expect(move.write({ partner_id: customer })).rejects.toThrow(/is posted/);
    await move.button_draft();
    await move.button_cancel();
    expect((await move.fetchOne(['state'])).state).toBe('cancel');
  }));

  test('vendor bills book expenses and a payable; refunds use their own sequence', () => t.rollback(async (env) => {
    const vendor = await partner(env, 'Vendor');
    const bill = await postedInvoice(env, { partnerId: vendor, price: 200, moveType: 'in_invoice', taxIds: [(await env.ref('account.1_purchase_tax_15')).ids[0]] });
    expect(await bill.fetchOne(['name', 'amount_total', 'amount_residual'])).toMatchObject({ name: 'BILL/2026/00001', amount_total: 230, amount_residual: 230 });
    const refund = await postedInvoice(env, { partnerId: vendor, price: 20, moveType: 'out_refund' });
    expect((await refund.fetchOne(['name'])).name).toBe('RINV/2026/00001');
  }));
});
