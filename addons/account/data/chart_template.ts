/**
 * The generic chart of accounts every company gets (codes as Odoo's generic chart). `field` is
 * the res.company field pointing at the account, when the company needs to find it.
 */
export interface ChartAccount {
  code: string;
  name: string;
  account_type: string;
  reconcile?: boolean;
  field?: string;
}

export const CHART_ACCOUNTS: ChartAccount[] = [
  { code: '101401', name: 'Bank', account_type: 'asset_cash' },
  { code: '101501', name: 'Cash', account_type: 'asset_cash' },
  { code: '101402', name: 'Bank Suspense Account', account_type: 'asset_current', field: 'account_journal_suspense_account_id' },
  { code: '101403', name: 'Outstanding Receipts', account_type: 'asset_current', reconcile: true, field: 'account_journal_payment_debit_account_id' },
  { code: '101404', name: 'Outstanding Payments', account_type: 'asset_current', reconcile: true, field: 'account_journal_payment_credit_account_id' },
  { code: '121000', name: 'Account Receivable', account_type: 'asset_receivable', reconcile: true, field: 'account_default_receivable_id' },
  { code: '131000', name: 'Tax Paid', account_type: 'asset_current' },
  { code: '211000', name: 'Account Payable', account_type: 'liability_payable', reconcile: true, field: 'account_default_payable_id' },
  { code: '251000', name: 'Tax Received', account_type: 'liability_current' },
  { code: '999999', name: 'Undistributed Profits/Losses', account_type: 'equity_unaffected' },
  { code: '400000', name: 'Product Sales', account_type: 'income', field: 'account_default_income_id' },
  { code: '600000', name: 'Expenses', account_type: 'expense', field: 'account_default_expense_id' },
];

export interface ChartJournal {
  key: string;
  name: string;
  code: string;
  type: 'sale' | 'purchase' | 'bank' | 'cash' | 'general';
  /** code of the default account, for sale / purchase / bank / cash journals */
  account?: string;
  sequence: number;
}

export const CHART_JOURNALS: ChartJournal[] = [
  { key: 'sale', name: 'Customer Invoices', code: 'INV', type: 'sale', account: '400000', sequence: 5 },
  { key: 'purchase', name: 'Vendor Bills', code: 'BILL', type: 'purchase', account: '600000', sequence: 6 },
  { key: 'general', name: 'Miscellaneous Operations', code: 'MISC', type: 'general', sequence: 7 },
  { key: 'bank', name: 'Bank', code: 'BNK1', type: 'bank', account: '101401', sequence: 10 },
  { key: 'cash', name: 'Cash', code: 'CSH1', type: 'cash', account: '101501', sequence: 11 },
];

/** Default 15% taxes, as Odoo's generic chart. */
export const CHART_TAXES = [
  { name: '15%', type_tax_use: 'sale', amount: 15, account: '251000', field: 'account_sale_tax_id' },
  { name: '15%', type_tax_use: 'purchase', amount: 15, account: '131000', field: 'account_purchase_tax_id' },
];
