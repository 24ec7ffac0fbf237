import type { Environment } from '../../base/orm/environment';
import { bindXmlid } from '../../base/loader/data';
import { CHART_ACCOUNTS, CHART_JOURNALS, CHART_TAXES } from '../data/chart_template';

/**
 * Installs the generic chart on one company: accounts, default taxes, the five default
 * journals, and the company's default accounts. Runs once per company (chart_template marks it).
 * External ids follow Odoo 17: account.<company id>_sale (journal), account.<company id>_account_<code>.
 */
export async function setupChartOfAccounts(env: Environment, companyId: number): Promise<void> {
  const su = env.sudo().withContext({ allowed_company_ids: [companyId] });
  const company = su.model('res.company').browse([companyId]);
  const [current] = await company.fetch(['chart_template']);
  if (current.chart_template) return;

  const accountIds = new Map<string, number>();
  const companyVals: Record<string, unknown> = { chart_template: 'generic_coa' };
  for (const spec of CHART_ACCOUNTS) {
    const account = await su.model('account.account').create({
      code: spec.code, name: spec.name, account_type: spec.account_type, reconcile: Boolean(spec.reconcile), company_id: companyId,
    });
    accountIds.set(spec.code, account.ids[0]);
    await bindXmlid(su, `account.${companyId}_account_${spec.code}`, 'account.account', account.ids[0], true);
    if (spec.field) companyVals[spec.field] = account.ids[0];
  }
  // The suspense and outstanding accounts must be known before bank journals are created.
  await company.write(companyVals);

  for (const spec of CHART_TAXES) {
    const tax = await su.model('account.tax').create({
      name: spec.name, type_tax_use: spec.type_tax_use, amount_type: 'percent', amount: spec.amount,
      account_id: accountIds.get(spec.account), company_id: companyId, invoice_label: spec.name,
    });
    await bindXmlid(su, `account.${companyId}_${spec.type_tax_use}_tax_15`, 'account.tax', tax.ids[0], true);
    await company.write({ [spec.field]: tax.ids[0] });
  }

  for (const spec of CHART_JOURNALS) {
    const journal = await su.model('account.journal').create({
      name: spec.name, code: spec.code, type: spec.type, sequence: spec.sequence, company_id: companyId,
      default_account_id: spec.account ? accountIds.get(spec.account) : false,
    });
    await bindXmlid(su, `account.${companyId}_${spec.key}`, 'account.journal', journal.ids[0], true);
  }
}

/** Data module: every company that exists when the addon is installed gets its chart. */
export async function setupAllCompanies(env: Environment): Promise<void> {
  const { rows } = await env.cr.query<{ id: number }>('SELECT id FROM res_company ORDER BY id');
  for (const row of rows) await setupChartOfAccounts(env, row.id);
}

/** True once the account addon's data is loaded (companies created before get it at install). */
export async function accountInstalled(env: Environment): Promise<boolean> {
  const { rows } = await env.cr.query("SELECT 1 FROM ir_module_module WHERE name = 'account' AND state = 'installed'");
  return rows.length > 0;
}
