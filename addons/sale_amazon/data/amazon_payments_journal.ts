/**
 * Amazon pays sellers once per settlement period, for many orders at once. Each company gets an
 * "Amazon Payments" bank journal whose Batch Deposit payments wait on their own intermediary
 * account until the payout shows on the bank statement, so one batch matches one statement line.
 */
import type { Environment } from '../../base/orm/environment';
import { bindXmlid } from '../../base/loader/data';

const JOURNAL_CODE = 'AMZN';
const INTERMEDIARY_CODE = '101409';

export async function load(env: Environment): Promise<void> {
  const { rows } = await env.cr.query<{ id: number }>('SELECT id FROM res_company WHERE chart_template IS NOT NULL ORDER BY id');
  for (const row of rows) await ensureAmazonPaymentsJournal(env, row.id);
}

/**
 * The company's Amazon Payments journal: the one the admin picked, else the one with our code (kept
 * as the admin left it), else a new one. Recorded on the company either way.
 */
export async function ensureAmazonPaymentsJournal(env: Environment, companyId: number): Promise<number> {
  const su = env.sudo().withContext({ allowed_company_ids: [companyId], active_test: false });
  const company = su.model('res.company').browse([companyId]);
  const { amazon_payment_journal_id: chosen } = await company.fetchOne(['amazon_payment_journal_id']);
  if (chosen) return chosen;
  const existing = await su.model('account.journal').search([['company_id', '=', companyId], ['code', '=', JOURNAL_CODE]], { limit: 1 });
  const journalId = existing.length ? existing.ids[0] : await createAmazonPaymentsJournal(env, companyId);
  await company.write({ amazon_payment_journal_id: journalId });
  return journalId;
}

async function createAmazonPaymentsJournal(env: Environment, companyId: number): Promise<number> {
  const su = env.sudo().withContext({ allowed_company_ids: [companyId], active_test: false });
  const intermediary = await intermediaryAccount(env, companyId);
  const journal = await su.model('account.journal').create({ name: 'Amazon Payments', code: JOURNAL_CODE, type: 'bank', company_id: companyId });
  const method = await env.refId('account_batch_payment.account_payment_method_batch_deposit');
  const lines = su.model('account.payment.method.line');
  const found = await lines.search([['journal_id', '=', journal.ids[0]], ['payment_method_id', '=', method]], { limit: 1 });
  const values = { payment_account_id: intermediary };
  if (found.length) await found.write(values);
  else await lines.create({ journal_id: journal.ids[0], payment_method_id: method, ...values });
  await bindXmlid(su, `sale_amazon.${companyId}_amazon_payments_journal`, 'account.journal', journal.ids[0], true);
  return journal.ids[0];
}

async function intermediaryAccount(env: Environment, companyId: number): Promise<number> {
  const su = env.sudo().withContext({ allowed_company_ids: [companyId] });
  const found = await su.model('account.account').search([['company_id', '=', companyId], ['code', '=', INTERMEDIARY_CODE]], { limit: 1 });
  if (found.length) return found.ids[0];
  const account = await su.model('account.account').create({
    code: INTERMEDIARY_CODE, name: 'Amazon Payments Outstanding Receipts', account_type: 'asset_current', reconcile: true, company_id: companyId,
  });
  return account.ids[0];
}
