/**
 * Amazon pays once per settlement period: the invoices of a payout are paid in one Batch Deposit
 * on the "Amazon Payments" journal and matched with the payout's bank statement line; Amazon's
 * commission bills go out the same way, in an outbound batch.
 */
import type { Environment } from '../../../addons/base/orm/environment';
import { engines } from '../../support/db';
import { amazonDatabase, importOrder, US, type AmazonTestSetup } from './helpers';

const ADDRESS = { name: 'Pat Payout', addressLine1: '8 Lake Dr', city: 'Chicago', stateOrRegion: 'IL', postalCode: '60601', countryCode: 'US' };

async function balance(env: Environment, accountId: number, moveIds?: number[]): Promise<number> {
  const { rows } = await env.cr.query<{ total: string }>(
    `SELECT COALESCE(sum(balance), 0) AS total FROM account_move_line WHERE account_id = $1 AND parent_state = 'posted' ${moveIds ? 'AND move_id = ANY($2::int[])' : ''}`,
    moveIds ? [accountId, moveIds] : [accountId]);
  return Number(rows[0].total);
}

async function amazonJournal(env: Environment): Promise<{ journalId: number; batchLine: Record<string, any> }> {
  const companyId = await env.companyId();
  const { amazon_payment_journal_id: journalId } = await env.model('res.company').browse([companyId]).fetchOne(['amazon_payment_journal_id']);
  expect(journalId).toBeTruthy();
  const [batchLine] = await env.model('account.payment.method.line').search_read([['journal_id', '=', journalId], ['code', '=', 'batch_payment']], ['payment_account_id']);
  return { journalId, batchLine };
}

for (const engine of engines()) describe(`sale_amazon payouts on ${engine}`, () => {
  let setup: AmazonTestSetup;
  beforeAll(async () => { setup = await amazonDatabase(engine); });
  afterAll(() => setup?.close());

  test('invoices of Amazon orders paid in one batch deposit on Amazon Payments, reconciled with the payout line', async () => {
    const orders: Array<Awaited<ReturnType<typeof importOrder>>> = [];
    for (const [name, price, tax] of [['Pat Payout', 30, 2.48], ['Lou Payout', 12.5, 1.03]] as const) {
      orders.push(await importOrder(setup, { marketplaceId: US, channel: 'FBA', status: 'Shipped', buyer: { name, email: `${name.split(' ')[0].toLowerCase()}@marketplace.amazon.com` },
        shippingAddress: { ...ADDRESS, name } as never, items: [{ sku: 'PAYOUT-BOOK', quantityOrdered: 1, itemPrice: price, itemTax: tax }] }));
    }
    await setup.t.rollback(async (env) => {
      const { journalId, batchLine } = await amazonJournal(env);
      const intermediary = batchLine.payment_account_id[0];
      const invoices = await (env.model('sale.order').browse(orders.map((o) => o.saleOrderId)) as any)._create_invoices();
      expect(invoices.ids).toHaveLength(2);
      await invoices.action_post();
      const totals = await invoices.fetch(['amount_total', 'amazon_account_id']);
      expect(totals.every((m: any) => m.amazon_account_id === setup.accountId)).toBe(true);
      const payout = Math.round(totals.reduce((s: number, m: any) => s + m.amount_total, 0) * 100) / 100;
      expect(payout).toBeCloseTo(orders.reduce((s, o) => s + o.order.orderTotal!, 0), 2);

      // Registering the payment of Amazon invoices proposes the Amazon journal and its Batch Deposit,
      // already when the dialog opens (default_get), not only when it is saved.
      expect(await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: invoices.ids }).default_get(['journal_id', 'payment_method_line_id']))
        .toMatchObject({ journal_id: journalId, payment_method_line_id: batchLine.id });
      const wizard = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: invoices.ids }).create({ payment_date: '2026-03-31' }) as any;
      expect(await wizard.fetchOne(['journal_id', 'payment_method_line_id'])).toMatchObject({ journal_id: journalId, payment_method_line_id: batchLine.id });
      const payments = await wizard._create_payments();
      expect(payments.ids).toHaveLength(2);
      expect(await balance(env, intermediary, (await payments.fetch(['move_id'])).map((p: any) => p.move_id))).toBeCloseTo(payout, 6);

      const action = await payments.create_batch_payment();
      const batch = env.model('account.batch.payment').browse([action.res_id]) as any;
      expect(await batch.fetchOne(['amount', 'batch_type', 'journal_id'])).toMatchObject({ amount: payout, batch_type: 'inbound', journal_id: journalId });
      await batch.validate_batch();
      const statementId = await (env.model('account.journal').browse([journalId]) as any).import_statement_csv(`date,label,amount\n2026-04-02,AMAZON SETTLEMENT 1234,${payout.toFixed(2)}\n`);
      const [line] = await env.model('account.bank.statement.line').search_read([['statement_id', '=', statementId]], ['amount', 'is_reconciled']);
      expect(line).toMatchObject({ amount: payout, is_reconciled: false });
      await batch.reconcile_with_statement_line(line.id);

      expect((await batch.fetchOne(['state'])).state).toBe('reconciled');
      expect(await balance(env, intermediary)).toBeCloseTo(0, 6);
      expect((await invoices.fetch(['payment_state'])).map((m: any) => m.payment_state)).toEqual(['paid', 'paid']);
      expect((await env.model('account.bank.statement.line').browse([line.id]).fetchOne(['is_reconciled'])).is_reconciled).toBe(true);
    });
  });

  test("Amazon's commission bills paid in an outbound batch on the same journal, reconciled with the statement line", async () => {
    await setup.t.rollback(async (env) => {
      const { journalId } = await amazonJournal(env);
      const amazon = (await env.model('res.partner').create({ name: 'Amazon Services LLC', is_company: true })).ids[0];
      const bills = [];
      for (const [label, price] of [['Referral fees March', 41.2], ['FBA fulfilment fees March', 18.75]] as const) {
        const bill = await env.model('account.move').create({
          move_type: 'in_invoice', partner_id: amazon, invoice_date: '2026-03-31',
          invoice_line_ids: [[0, 0, { name: label, quantity: 1, price_unit: price, tax_ids: [[6, 0, []]] }]],
        }) as any;
        await bill.action_post();
        bills.push(bill.ids[0]);
      }
      const wizard = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: bills }).create({ journal_id: journalId, payment_date: '2026-04-01' }) as any;
      const payments = await wizard._create_payments();
      const [outbound] = await env.model('account.payment.method.line').search_read([['id', '=', (await payments.fetch(['payment_method_line_id']))[0].payment_method_line_id]], ['payment_account_id', 'payment_type']);
      expect(outbound.payment_type).toBe('outbound');
      const action = await payments.create_batch_payment();
      const batch = env.model('account.batch.payment').browse([action.res_id]) as any;
      expect(await batch.fetchOne(['amount', 'batch_type', 'journal_id'])).toMatchObject({ amount: 59.95, batch_type: 'outbound', journal_id: journalId });
      await batch.validate_batch();
      const statementId = await (env.model('account.journal').browse([journalId]) as any).import_statement_csv('date,label,amount\n2026-04-02,AMAZON FEES MARCH,-59.95\n');
      const [line] = (await env.model('account.bank.statement.line').search([['statement_id', '=', statementId]])).ids;
      await batch.reconcile_with_statement_line(line);
      expect((await batch.fetchOne(['state'])).state).toBe('reconciled');
      const paymentMoves = (await payments.fetch(['move_id'])).map((p: any) => p.move_id);
      const { rows } = await env.cr.query<{ id: number }>('SELECT move_id AS id FROM account_move_line WHERE statement_line_id IS NOT NULL AND account_id = $1', [outbound.payment_account_id[0]]);
      expect(await balance(env, outbound.payment_account_id[0], [...paymentMoves, ...rows.map((r) => r.id)])).toBeCloseTo(0, 6);
      expect((await env.model('account.move').browse(bills).fetch(['payment_state'])).map((m) => m.payment_state)).toEqual(['paid', 'paid']);
    });
  });

  test('a company created after install gets its Amazon Payments journal; an admin may pick an existing journal instead', async () => {
    await setup.t.rollback(async (env) => {
      const company = await env.model('res.company').sudo().create({ name: 'Second Seller Ltd', currency_id: (await env.ref('base.USD')).ids[0] });
      const { amazon_payment_journal_id: journalId } = await company.fetchOne(['amazon_payment_journal_id']);
      expect(journalId).toBeTruthy();
      const [journal] = await env.model('account.journal').sudo().search_read([['id', '=', journalId]], ['name', 'type', 'company_id', 'code']);
      expect(journal).toMatchObject({ name: 'Amazon Payments', type: 'bank', code: 'AMZN' });
      expect(journal.company_id[0]).toBe(company.ids[0]);
      const [batch] = await env.model('account.payment.method.line').sudo().search_read([['journal_id', '=', journalId], ['code', '=', 'batch_payment']], ['payment_account_id']);
      const [intermediary] = await env.model('account.account').sudo().browse([batch.payment_account_id[0]]).fetch(['company_id', 'reconcile']);
      expect(intermediary).toMatchObject({ company_id: company.ids[0], reconcile: true });

      // The admin books payouts on the main bank journal instead: Amazon invoices now default to it.
      const mainCompany = await env.companyId();
      const bank = (await env.ref('account.1_bank')).ids[0];
      await env.model('res.company').browse([mainCompany]).write({ amazon_payment_journal_id: bank });
      const customer = (await env.model('res.partner').create({ name: 'Ivy Bank' })).ids[0];
      const invoice = await env.model('account.move').create({
        move_type: 'out_invoice', partner_id: customer, invoice_date: '2026-03-01',
        invoice_line_ids: [[0, 0, { name: 'Amazon sale', quantity: 1, price_unit: 9, tax_ids: [[6, 0, []]] }]],
      }) as any;
      await invoice.sudo().write({ amazon_account_id: setup.accountId });
      await invoice.action_post();
      const wizard = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: invoice.ids }).create({}) as any;
      expect((await wizard.fetchOne(['journal_id'])).journal_id).toBe(bank);
      // Other invoices keep the usual default.
      const other = await env.model('account.move').create({
        move_type: 'out_invoice', partner_id: customer, invoice_date: '2026-03-01',
        invoice_line_ids: [[0, 0, { name: 'Shop sale', quantity: 1, price_unit: 5, tax_ids: [[6, 0, []]] }]],
      }) as any;
      await other.action_post();
      const [firstBank] = await env.model('account.journal').search_read([['type', 'in', ['bank', 'cash']], ['company_id', '=', mainCompany]], ['id'], { limit: 1 });
      const plain = await env.model('account.payment.register').withContext({ active_model: 'account.move', active_ids: other.ids }).create({}) as any;
      expect((await plain.fetchOne(['journal_id'])).journal_id).toBe(firstBank.id);
    });
  });
});
