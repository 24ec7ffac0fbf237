import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';
import { accountInstalled, setupChartOfAccounts } from '../services/chart_setup';

/** Companies get a chart of accounts, journals and default taxes when they are created. */
export const ResCompanyAccount = extend('res.company', (Base) => class extends Base {
  static override _fields = {
    chart_template: fields.char({ string: 'Chart Template', readonly: true, help: 'Set once the chart of accounts is installed.' }),
    account_default_receivable_id: fields.many2one('account.account', { string: 'Default Receivable Account' }),
    account_default_payable_id: fields.many2one('account.account', { string: 'Default Payable Account' }),
    account_default_income_id: fields.many2one('account.account', { string: 'Default Income Account' }),
    account_default_expense_id: fields.many2one('account.account', { string: 'Default Expense Account' }),
    account_journal_suspense_account_id: fields.many2one('account.account', { string: 'Journal Suspense Account' }),
    account_journal_payment_debit_account_id: fields.many2one('account.account', { string: 'Journal Outstanding Receipts Account' }),
    account_journal_payment_credit_account_id: fields.many2one('account.account', { string: 'Journal Outstanding Payments Account' }),
    account_sale_tax_id: fields.many2one('account.tax', { string: 'Default Sale Tax' }),
    account_purchase_tax_id: fields.many2one('account.tax', { string: 'Default Purchase Tax' }),
    tax_calculation_rounding_method: fields.selection([['round_per_line', 'Round per Line']], { default: 'round_per_line' }),
  };

  override async create(valsList: Vals | Vals[]): Promise<any> {
    const companies = await super.create(valsList);
    // The registry holds every addon while base installs; the chart waits for account's own data.
    if (await accountInstalled(this.env)) for (const id of companies.ids) await setupChartOfAccounts(this.env, id);
    return companies;
  }
});
