import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';
import { partner, postedInvoice } from '../account/helpers';

/** "Amazon Payments": a bank journal whose receipts wait on an intermediary account. */
async function amazonJournal(env: Environment): Promise<{ journal: any; intermediary: number }> {
  const intermediary = (await env.model('account.account').create({ code: '101499', name: 'Amazon Intermediary', account_type: 'asset_current', reconcile: true })).ids[0];
  const journal = await env.model('account.journal').create({ name: 'Amazon Payments', code: 'AMZ', type: 'bank' }) as any;
  const lines = await env.model('account.payment.method.line').search([['journal_id', '=', journal.ids[0]], ['code', '=', 'batch_payment']]);
  await lines.write({ payment_account_id: intermediary });
  return { journal, intermediary };
}

async function accountBalance(env: Environment, accountId: number): Promise<number> {
  const { rows } = await env.cr.query<{ total: string }>(`SELECT COALESCE(sum(balance), 0) AS total FROM account_move_line WHERE account_id = $1 AND parent_state = 'posted'`, [accountId]);
  return Number(rows[0].total);
}

for (const engine of engines()) describe(`account_batch_payment on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['account_batch_payment'] }); });
  afterAll(() => t.close());

  test('a payment\'s method follows its journal: kept when the new journal offers it, else the journal\'s first (on the form too)', () => t.rollback(async (env) => {
    const { journal } = await amazonJournal(env);
    const other = await env.model('account.journal').create({ name: 'Second Bank', code: 'BNK9', type: 'bank' });
    const methodsOf = async (journalId: number) => (await env.model('account.payment.method.line')
      .search([['journal_id', '=', journalId], ['payment_type', '=', 'inbound']], { order: 'sequence, id' })).ids;
    const batch = (await env.model('account.payment.method.line').search([['journal_id', '=', journal.ids[0]], ['code', '=', 'batch_payment']])).ids[0];
    const payment = await env.model('account.payment').create({ journal_id: journal.ids[0], payment_method_line_id: batch, amount: 10, partner_id: await partner(env, 'Dora') });
    expect((await payment.fetchOne(['payment_method_line_id'])).payment_method_line_id).toBe(batch);
    // The form, before saving: another journal proposes its own first method.
    const edited = await (payment as any).onchange({ journal_id: other.ids[0] }, ['journal_id'], { journal_id: {}, payment_method_line_id: {} });
    const [firstOfOther] = await methodsOf(other.ids[0]);
    expect(edited.value.payment_method_line_id).toEqual([firstOfOther, expect.any(String)]);
    // Saved: the same; and back on the first journal, its first method (the batch method is one of its others).
    await payment.write({ journal_id: other.ids[0] });
    expect((await payment.fetchOne(['payment_method_line_id'])).payment_method_line_id).toBe(firstOfOther);
    await payment.write({ journal_id: journal.ids[0] });
    expect((await payment.fetchOne(['payment_method_line_id'])).payment_method_line_id).toBe((await methodsOf(journal.ids[0]))[0]);
    // A method the journal offers is kept when only the direction stays.
    await payment.write({ payment_method_line_id: batch });
    await payment.write({ amount: 12 });
    expect((await payment.fetchOne(['payment_method_line_id'])).payment_method_line_id).toBe(batch);
  }));

  test('three customer invoices paid in one batch deposit, reconciled with one imported statement line', () => t.rollback(async (env) => {
    const { journal, intermediary } = await amazonJournal(env);
    const tax = (await env.ref('account.1_sale_tax_15')).ids[0];
    const invoices = [];
    for (const [name, price] of [['Alice', 100], ['Bob', 49.99], ['Carol', 12.34]] as const) {
      invoices.push(await postedInvoice(env, { partnerId: await partner(env, name), price, taxIds: [tax] }));
    }
    const moveIds = invoices.map((m) => m.ids[0]);
    const method = (await env.model('account.payment.method.line').search([['journal_id', '=', journal.ids[0]], ['code', '=', 'batch_payment']])).ids[0];
    const wizard = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: moveIds })
      .create({ journal_id: journal.ids[0], payment_method_line_id: method, group_payment: true, payment_date: '2026-03-10' }) as any;
    const payments = await wizard._create_payments();
    expect(payments.ids).toHaveLength(3);
    const states = await env.model('account.move').browse(moveIds).fetch(['payment_state', 'amount_residual']);
    expect(states.map((s) => s.payment_state)).toEqual(['in_payment', 'in_payment', 'in_payment']);
    // 115 + 57.49 + 14.19
    expect(await accountBalance(env, intermediary)).toBeCloseTo(186.68, 6);

    const action = await payments.create_batch_payment();
    const batch = env.model('account.batch.payment').browse([action.res_id]) as any;
    expect(await batch.fetchOne(['name', 'amount', 'state', 'batch_type'])).toMatchObject({ name: 'BATCH/IN/2026/0001', amount: 186.68, state: 'draft', batch_type: 'inbound' });
    await batch.validate_batch();
    expect((await batch.fetchOne(['state'])).state).toBe('sent');

    const statementId = await (journal as any).import_statement_csv('date,label,amount\n2026-03-15,"AMAZON PAYOUT, March",186.68\n');
    const [line] = await env.model('account.bank.statement.line').search_read([['statement_id', '=', statementId]], ['amount', 'payment_ref', 'is_reconciled']);
    expect(line).toMatchObject({ amount: 186.68, payment_ref: 'AMAZON PAYOUT, March', is_reconciled: false });
    await batch.reconcile_with_statement_line(line.id);

    expect((await batch.fetchOne(['state'])).state).toBe('reconciled');
    expect(await accountBalance(env, intermediary)).toBeCloseTo(0, 6);
    const after = await env.model('account.move').browse(moveIds).fetch(['payment_state', 'amount_residual']);
    expect(after.map((s) => [s.payment_state, s.amount_residual])).toEqual([['paid', 0], ['paid', 0], ['paid', 0]]);
    const suspense = (await env.ref('account.1_account_101402')).ids[0];
    expect(await accountBalance(env, suspense)).toBeCloseTo(0, 6);
    expect((await env.model('account.bank.statement.line').browse([line.id]).fetchOne(['is_reconciled'])).is_reconciled).toBe(true);
  }));

  test('two vendor bills paid in an outbound batch', () => t.rollback(async (env) => {
    const { journal } = await amazonJournal(env);
    const vendor1 = await partner(env, 'Vendor One');
    const vendor2 = await partner(env, 'Vendor Two');
    const bills = [await postedInvoice(env, { partnerId: vendor1, price: 300, moveType: 'in_invoice' }), await postedInvoice(env, { partnerId: vendor2, price: 45.5, moveType: 'in_invoice' })];
    const wizard = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: bills.map((b) => b.ids[0]) })
      .create({ journal_id: journal.ids[0] }) as any;
    const payments = await wizard._create_payments();
    const action = await payments.create_batch_payment();
    const batch = env.model('account.batch.payment').browse([action.res_id]) as any;
    expect(await batch.fetchOne(['amount', 'batch_type'])).toMatchObject({ amount: 345.5, batch_type: 'outbound' });
    await batch.validate_batch();
    const statementId = await journal.import_statement_csv('2026-03-20,Vendor transfers,-345.50\n');
    const [line] = await env.model('account.bank.statement.line').search([['statement_id', '=', statementId]]).then((r) => r.ids);
    await batch.reconcile_with_statement_line(line);
    expect((await batch.fetchOne(['state'])).state).toBe('reconciled');
    const outstanding = (await env.ref('account.1_account_101404')).ids[0];
    expect(await accountBalance(env, outstanding)).toBeCloseTo(0, 6);
    const after = await env.model('account.move').browse(bills.map((b) => b.ids[0])).fetch(['payment_state']);
    expect(after.map((s) => s.payment_state)).toEqual(['paid', 'paid']);
  }));

  test('batches refuse mixed journals; paying more than due is refused and nothing is written', () => t.rollback(async (env, cr) => {
    const customer = await partner(env, 'Dora');
    const invoice = await postedInvoice(env, { partnerId: customer, price: 80 });
    const bank = (await env.ref('account.1_bank')).ids[0];
    const wizard = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: invoice.ids })
      .create({ journal_id: bank, amount: 80.01 }) as any;
    await expect(wizard._create_payments()).rejects.toThrow('The payment of 80.01 USD is more than what is due (80.00 USD): enter at most the amount due.');
    expect(await env.model('account.payment').search_count([])).toBe(0);
    expect((await invoice.fetchOne(['amount_residual'])).amount_residual).toBe(80);

    const { journal } = await amazonJournal(env);
    const paid: number[] = [];
    for (const journalId of [bank, journal.ids[0]]) {
      const inv = await postedInvoice(env, { partnerId: customer, price: 10 });
      const w = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: inv.ids }).create({ journal_id: journalId }) as any;
      paid.push(...(await w._create_payments()).ids);
    }
    await expect((env.model('account.payment').browse(paid) as any).create_batch_payment()).rejects.toThrow(/same journal/);
    expect(await env.model('account.batch.payment').search_count([])).toBe(0);
    void cr;
  }));

  test('a partial payment leaves the invoice partially paid', () => t.rollback(async (env) => {
    const customer = await partner(env, 'Eve');
    const invoice = await postedInvoice(env, { partnerId: customer, price: 100 });
    const wizard = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: invoice.ids })
      .create({ journal_id: (await env.ref('account.1_bank')).ids[0], amount: 40 }) as any;
    await wizard.action_create_payments();
    expect(await invoice.fetchOne(['payment_state', 'amount_residual'])).toMatchObject({ payment_state: 'partial', amount_residual: 60 });
  }));
});
