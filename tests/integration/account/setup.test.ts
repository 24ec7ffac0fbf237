import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';

async function mainCompanyJournals(env: Environment, companyId: number) {
  const journals = await env.model('account.journal').search([['company_id', '=', companyId]]);
  return journals.fetch(['code', 'type', 'default_account_id', 'suspense_account_id', 'inbound_payment_method_line_ids', 'outbound_payment_method_line_ids']);
}

for (const engine of engines()) describe(`account setup on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['account'] }); });
  afterAll(() => t.close());

  test('the main company has its chart, default journals and 15% taxes', () => t.rollback(async (env) => {
    const company = await env.ref('base.main_company');
    const journals = await mainCompanyJournals(env, company.ids[0]);
    expect(journals.map((j) => j.code).sort()).toEqual(['BILL', 'BNK1', 'CSH1', 'INV', 'MISC']);
    const bank = journals.find((j) => j.code === 'BNK1')!;
    expect(bank.default_account_id).toBeTruthy();
    expect(bank.suspense_account_id).toBeTruthy();
    expect(bank.inbound_payment_method_line_ids).toHaveLength(1);
    expect(bank.outbound_payment_method_line_ids).toHaveLength(1);
    const row = await company.fetchOne(['account_default_receivable_id', 'account_sale_tax_id', 'account_purchase_tax_id', 'account_journal_payment_debit_account_id']);
    const [receivable] = await env.model('account.account').browse([row.account_default_receivable_id]).fetch(['account_type', 'reconcile']);
    expect(receivable).toMatchObject({ account_type: 'asset_receivable', reconcile: true });
    const taxes = await env.model('account.tax').browse([row.account_sale_tax_id, row.account_purchase_tax_id]).fetch(['amount', 'type_tax_use']);
    expect(taxes.map((x) => [x.type_tax_use, x.amount])).toEqual([['sale', 15], ['purchase', 15]]);
  }));

  test('a company created later gets its own chart and journals', () => t.rollback(async (env) => {
    const company = await env.model('res.company').create({ name: 'Second Co' });
    const journals = await mainCompanyJournals(env, company.ids[0]);
    expect(journals.map((j) => j.code).sort()).toEqual(['BILL', 'BNK1', 'CSH1', 'INV', 'MISC']);
    const accounts = await env.model('account.account').search_count([['company_id', '=', company.ids[0]]]);
    expect(accounts).toBeGreaterThanOrEqual(12);
    expect((await env.ref('account.' + company.ids[0] + '_sale')).ids).toHaveLength(1);
  }));

  test('account codes are unique per company, not across companies', () => t.rollback(async (env, cr) => {
    const company = await env.ref('base.main_company');
    await expect(cr.savepoint(() => env.model('account.account').create({ code: '121000', name: 'Dup', account_type: 'asset_current', company_id: company.ids[0] })))
      .rejects.toThrow(/account code must be unique per company/);
    const other = await env.model('res.company').create({ name: 'Other Co' });
    expect((await env.model('account.account').search([['code', '=', '121000'], ['company_id', '=', other.ids[0]]])).length).toBe(1);
  }));

  test('a new bank journal gets its own liquidity account and manual methods', () => t.rollback(async (env) => {
    const journal = await env.model('account.journal').create({ name: 'Amazon Payments', code: 'AMZ', type: 'bank' });
    const [row] = await journal.fetch(['default_account_id', 'inbound_payment_method_line_ids']);
    const [account] = await env.model('account.account').browse([row.default_account_id]).fetch(['code', 'name', 'account_type']);
    expect(account).toMatchObject({ code: '101405', name: 'Amazon Payments', account_type: 'asset_cash' });
    expect(row.inbound_payment_method_line_ids).toHaveLength(1);
  }));

  test('fiscal positions map, drop and keep taxes', () => t.rollback(async (env) => {
    const tax = (name: string, amount: number) => env.model('account.tax').create({ name, amount, type_tax_use: 'sale' });
    const [t15, t0, t7, tOther] = [await tax('A15', 15), await tax('A0', 0), await tax('A7', 7), await tax('Other', 3)];
    const position = await env.model('account.fiscal.position').create({
      name: 'Export', tax_ids: [[0, 0, { tax_src_id: t15.ids[0], tax_dest_id: t0.ids[0] }], [0, 0, { tax_src_id: t7.ids[0] }]],
    });
    const mapped = await (position as any).map_tax(env.model('account.tax').browse([t15.ids[0], t7.ids[0], tOther.ids[0]]));
    expect(mapped.ids).toEqual([t0.ids[0], tOther.ids[0]]);
    const none = await (env.model('account.fiscal.position') as any).map_tax([t15.ids[0]]);
    expect(none.ids).toEqual([t15.ids[0]]);
  }));
});
