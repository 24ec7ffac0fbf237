import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import { reconcileLines, unreconcileLines } from '../services/reconcile';

export const DISPLAY_TYPES: Array<[string, string]> = [
  ['product', 'Product'], ['tax', 'Tax'], ['payment_term', 'Payment Term'], ['line_section', 'Section'], ['line_note', 'Note'],
];

/** Fields that carry the accounting: frozen once the entry is posted. */
const ACCOUNTING_FIELDS = ['account_id', 'debit', 'credit', 'balance', 'amount_currency', 'currency_id', 'partner_id', 'tax_ids', 'tax_line_id', 'quantity', 'price_unit', 'discount', 'move_id'];

/** A journal item: one debit or credit of an entry, on one account. */
export class AccountMoveLine extends Model {
  static override _name = 'account.move.line';
  static override _description = 'Journal Item';
  static override _order = 'date desc, move_name desc, sequence, id';
  static override _rec_name = 'name';
  static override _fields = {
    move_id: fields.many2one('account.move', { string: 'Journal Entry', required: true, ondelete: 'cascade', index: true }),
    move_name: fields.char({ related: 'move_id.name', store: true, string: 'Number' }),
    date: fields.date({ related: 'move_id.date', store: true, index: true }),
    parent_state: fields.selection([['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']], { related: 'move_id.state', store: true }),
    journal_id: fields.many2one('account.journal', { related: 'move_id.journal_id', store: true, index: true }),
    company_id: fields.many2one('res.company', { related: 'move_id.company_id', store: true, index: true }),
    company_currency_id: fields.many2one('res.currency', { related: 'move_id.company_currency_id', store: true }),
    sequence: fields.integer({ default: 10 }),
    name: fields.char({ string: 'Label' }),
    display_type: fields.selection(DISPLAY_TYPES, { default: 'product', required: true }),
    account_id: fields.many2one('account.account', { string: 'Account', index: true, ondelete: 'restrict' }),
    partner_id: fields.many2one('res.partner', { string: 'Partner', index: true, ondelete: 'restrict' }),
    quantity: fields.float({ default: 1, digits: [16, 4] }),
    price_unit: fields.float({ string: 'Unit Price', default: 0, digits: [16, 6] }),
    discount: fields.float({ string: 'Discount (%)', default: 0 }),
    tax_ids: fields.many2many('account.tax', { string: 'Taxes', relation: 'account_move_line_account_tax_rel', column1: 'account_move_line_id', column2: 'account_tax_id' }),
    tax_line_id: fields.many2one('account.tax', { string: 'Originator Tax', ondelete: 'restrict' }),
    tax_base_amount: fields.monetary({ currencyField: 'currency_id' }),
    debit: fields.monetary({ default: 0, currencyField: 'company_currency_id' }),
    credit: fields.monetary({ default: 0, currencyField: 'company_currency_id' }),
    balance: fields.monetary({ default: 0, currencyField: 'company_currency_id', help: 'Debit minus credit, in the company currency.' }),
    amount_currency: fields.monetary({ string: 'Amount in Currency', default: 0, help: 'Signed amount in the currency of the line.' }),
    currency_id: fields.many2one('res.currency', { string: 'Currency' }),
    price_subtotal: fields.monetary({ string: 'Subtotal', default: 0 }),
    price_total: fields.monetary({ string: 'Total', default: 0 }),
    amount_residual: fields.monetary({ string: 'Residual Amount', default: 0, currencyField: 'company_currency_id', readonly: true }),
    amount_residual_currency: fields.monetary({ string: 'Residual Amount in Currency', default: 0, readonly: true }),
    reconciled: fields.boolean({ default: false, readonly: true }),
    full_reconcile_id: fields.many2one('account.full.reconcile', { string: 'Matching', readonly: true, index: true }),
    matched_debit_ids: fields.one2many('account.partial.reconcile', 'credit_move_id', { string: 'Matched Debits' }),
    matched_credit_ids: fields.one2many('account.partial.reconcile', 'debit_move_id', { string: 'Matched Credits' }),
    date_maturity: fields.date({ string: 'Due Date' }),
    payment_id: fields.many2one('account.payment', { related: 'move_id.payment_id', store: true, string: 'Originator Payment' }),
    statement_line_id: fields.many2one('account.bank.statement.line', { related: 'move_id.statement_line_id', store: true, string: 'Originator Statement Line' }),
  };
  static override _public = ['reconcile', 'remove_move_reconcile'];

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) prepared.push(await this._prepareLineVals(vals));
    if (!this.env.context.skip_move_guard) await this._checkMovesEditable(prepared.map((v) => v.move_id));
    const lines = await super.create(prepared);
    await this._afterLinesChanged(prepared.map((v) => v.move_id));
    return lines;
  }

  override async write(vals: Vals): Promise<true> {
    const touchesAccounting = ACCOUNTING_FIELDS.some((f) => f in vals);
    if (touchesAccounting && !this.env.context.skip_move_guard) {
      const { rows } = await this.env.cr.query<{ move_id: number }>('SELECT DISTINCT move_id FROM account_move_line WHERE id = ANY($1::int[])', [this.ids]);
      await this._checkMovesEditable(rows.map((r) => r.move_id));
    }
    let normalized = vals;
    if (['debit', 'credit', 'balance', 'amount_currency'].some((f) => f in vals)) {
      if (this.ids.length !== 1) return this._writeEach(vals);
      const [current] = await this.sudo().fetch(['debit', 'credit', 'balance', 'amount_currency', 'currency_id', 'move_id']);
      normalized = amountsFromVals({ ...vals, currency_id: vals.currency_id ?? current.currency_id }, await companyCurrency(this.env, current.move_id), current);
    }
    await super.write(normalized);
    if (touchesAccounting) {
      const { rows } = await this.env.cr.query<{ move_id: number }>('SELECT DISTINCT move_id FROM account_move_line WHERE id = ANY($1::int[])', [this.ids]);
      await this._afterLinesChanged(rows.map((r) => r.move_id));
    }
    return true;
  }

  private async _writeEach(vals: Vals): Promise<true> {
    for (const line of this) await line.write(vals);
    return true;
  }

  override async unlink(): Promise<true> {
    if (!this.ids.length) return true;
    const { rows } = await this.env.cr.query<{ move_id: number }>('SELECT DISTINCT move_id FROM account_move_line WHERE id = ANY($1::int[])', [this.ids]);
    if (!this.env.context.skip_move_guard) await this._checkMovesEditable(rows.map((r) => r.move_id));
    await super.unlink();
    await this._afterLinesChanged(rows.map((r) => r.move_id));
    return true;
  }

  /** Debit, credit and balance agree; the currency amount defaults to the balance. */
  async _prepareLineVals(vals: Vals): Promise<Vals> {
    if (!vals.move_id) throw new UserError('A journal item must belong to a journal entry (move_id).');
    const { rows } = await this.env.cr.query<{ currency_id: number; company_currency: number }>(
      `SELECT m.currency_id, c.currency_id AS company_currency FROM account_move m JOIN res_company c ON c.id = m.company_id WHERE m.id = $1`, [vals.move_id]);
    if (!rows.length) throw new UserError(`The journal entry ${vals.move_id} does not exist.`);
    const withCurrency: Vals = { ...vals, currency_id: vals.currency_id || rows[0].currency_id };
    // Invoice lines without an account book on the journal's default (income or expense) account.
    if (!withCurrency.account_id && (withCurrency.display_type ?? 'product') === 'product') {
      const { rows: journal } = await this.env.cr.query<{ account: number | null }>(
        'SELECT j.default_account_id AS account FROM account_move m JOIN account_journal j ON j.id = m.journal_id WHERE m.id = $1', [vals.move_id]);
      withCurrency.account_id = journal[0]?.account ?? false;
    }
    return amountsFromVals(withCurrency, rows[0].company_currency, null);
  }

  /** Posted entries are frozen: lines change only through documented flows. */
  async _checkMovesEditable(moveIds: number[]): Promise<void> {
    const ids = [...new Set(moveIds.filter(Boolean))];
    if (!ids.length) return;
    const { rows } = await this.env.cr.query<{ name: string }>(`SELECT name FROM account_move WHERE id = ANY($1::int[]) AND state = 'posted'`, [ids]);
    if (rows.length) throw new UserError(`The entry ${rows[0].name} is posted: its journal items cannot be changed. Reset it to draft first.`);
  }

  /** Invoices regenerate their tax and receivable lines when product lines change. */
  async _afterLinesChanged(moveIds: number[]): Promise<void> {
    if (this.env.context.skip_invoice_sync) return;
    const ids = [...new Set(moveIds.filter(Boolean))];
    if (ids.length) await (this.env.model('account.move').sudo().browse(ids) as any)._sync_dynamic_lines();
  }

  /** Matches these open items with each other (invoices with payments), fully or partially. */
  async reconcile(): Promise<boolean> {
    await this.checkAccess('write');
    await reconcileLines(this.env, this.ids);
    return true;
  }

  /** Undoes the matchings these items take part in. */
  async remove_move_reconcile(): Promise<boolean> {
    await this.checkAccess('write');
    await unreconcileLines(this.env, this.ids);
    return true;
  }
}

async function companyCurrency(env: any, moveId: number): Promise<number> {
  const { rows } = await env.cr.query('SELECT c.currency_id FROM account_move m JOIN res_company c ON c.id = m.company_id WHERE m.id = $1', [moveId]);
  return rows[0].currency_id;
}

/** Derives debit/credit/balance from whichever the caller gave; residuals start at the amounts. */
function amountsFromVals(vals: Vals, companyCurrencyId: number, current: Vals | null): Vals {
  const result = { ...vals };
  let balance: number;
  if ('balance' in vals) balance = Number(vals.balance) || 0;
  else if ('debit' in vals || 'credit' in vals) balance = (Number(vals.debit ?? current?.debit ?? 0) || 0) - (Number(vals.credit ?? current?.credit ?? 0) || 0);
  else balance = current?.balance ?? 0;
  if ((Number(vals.debit) || 0) < 0 || (Number(vals.credit) || 0) < 0) throw new UserError('Debit and credit cannot be negative: put the amount on the other side instead.');
  result.balance = balance;
  result.debit = balance > 0 ? balance : 0;
  result.credit = balance < 0 ? -balance : 0;
  // In the company currency both amounts are the same; a foreign-currency line keeps its own.
  if (!('amount_currency' in vals) && (result.currency_id === companyCurrencyId || !current)) result.amount_currency = balance;
  result.amount_residual = balance;
  result.amount_residual_currency = result.amount_currency ?? current?.amount_currency ?? balance;
  return result;
}
