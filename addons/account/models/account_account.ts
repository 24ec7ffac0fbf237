import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { ValidationError } from '../../base/orm/exceptions';

/** Odoo 17's account types; the prefix (asset, liability, ...) is the internal group. */
export const ACCOUNT_TYPES: Array<[string, string]> = [
  ['asset_receivable', 'Receivable'],
  ['asset_cash', 'Bank and Cash'],
  ['asset_current', 'Current Assets'],
  ['asset_non_current', 'Non-current Assets'],
  ['asset_prepayments', 'Prepayments'],
  ['asset_fixed', 'Fixed Assets'],
  ['liability_payable', 'Payable'],
  ['liability_credit_card', 'Credit Card'],
  ['liability_current', 'Current Liabilities'],
  ['liability_non_current', 'Non-current Liabilities'],
  ['equity', 'Equity'],
  ['equity_unaffected', 'Current Year Earnings'],
  ['income', 'Income'],
  ['income_other', 'Other Income'],
  ['expense', 'Expenses'],
  ['expense_depreciation', 'Depreciation'],
  ['expense_direct_cost', 'Cost of Revenue'],
  ['off_balance', 'Off-Balance Sheet'],
];

/** The chart of accounts: one row per account code and company. */
export class AccountAccount extends Model {
  static override _name = 'account.account';
  static override _description = 'Account';
  static override _order = 'code, company_id';
  static override _fields = {
    name: fields.char({ string: 'Account Name', required: true, index: true }),
    code: fields.char({ size: 64, required: true, index: true }),
    account_type: fields.selection(ACCOUNT_TYPES, { string: 'Type', required: true }),
    internal_group: fields.char({ compute: '_compute_internal_group', depends: ['account_type'], store: true }),
    reconcile: fields.boolean({ string: 'Allow Reconciliation', default: false, help: 'Open items on this account can be matched with each other (invoices with payments).' }),
    currency_id: fields.many2one('res.currency', { string: 'Account Currency', help: 'Forces all journal items of this account to this currency.' }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, default: (env: any) => env.companyId(), index: true }),
    deprecated: fields.boolean({ default: false }),
    note: fields.text({ string: 'Internal Notes' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['code_company_uniq', 'unique (code, company_id)', 'An account code must be unique per company: pick another code or edit the existing account.'],
  ];
  static override _constrains = { _check_reconcile: ['account_type', 'reconcile'] };

  async _compute_internal_group(): Promise<Record<number, Record<string, unknown>>> {
    const rows = await this.sudo().fetch(['account_type']);
    return Object.fromEntries(rows.map((row) => [row.id, { internal_group: row.account_type ? String(row.account_type).split('_')[0] : false }]));
  }

  /** Receivable and payable accounts hold open items by nature: they must be reconcilable. */
  async _check_reconcile(): Promise<void> {
    for (const row of await this.sudo().fetch(['account_type', 'reconcile', 'code'])) {
      if ((row.account_type === 'asset_receivable' || row.account_type === 'liability_payable') && !row.reconcile) {
        throw new ValidationError(`Account ${row.code} is receivable or payable, so it must allow reconciliation: tick "Allow Reconciliation".`);
      }
    }
  }

  override async _displayNames(): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    for (const row of await this.sudo().fetch(['code', 'name'])) names.set(row.id as number, `${row.code} ${row.name}`);
    return names;
  }
}
