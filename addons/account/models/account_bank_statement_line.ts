import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import { roundTo } from '../../base/models/res_currency';

/**
 * One line of a bank statement. Its entry debits the bank account and credits the journal's
 * suspense account; reconciling replaces the suspense item by the matched open items (or a
 * write-off account).
 */
export class AccountBankStatementLine extends Model {
  static override _name = 'account.bank.statement.line';
  static override _description = 'Bank Statement Line';
  static override _order = 'date desc, sequence, id desc';
  static override _rec_name = 'payment_ref';
  static override _fields = {
    statement_id: fields.many2one('account.bank.statement', { string: 'Statement', index: true, ondelete: 'cascade' }),
    move_id: fields.many2one('account.move', { string: 'Journal Entry', readonly: true, ondelete: 'restrict' }),
    journal_id: fields.many2one('account.journal', { string: 'Journal', required: true, index: true }),
    company_id: fields.many2one('res.company', { related: 'journal_id.company_id', store: true, index: true }),
    sequence: fields.integer({ default: 1 }),
    date: fields.date({ required: true, default: () => new Date().toISOString().slice(0, 10) }),
    payment_ref: fields.char({ string: 'Label' }),
    partner_id: fields.many2one('res.partner', { string: 'Partner', ondelete: 'restrict' }),
    amount: fields.monetary({ required: true }),
    currency_id: fields.many2one('res.currency', { string: 'Currency' }),
    is_reconciled: fields.boolean({ readonly: true, default: false }),
    amount_residual: fields.monetary({ string: 'Left to Reconcile', readonly: true, default: 0 }),
  };
  static override _public = ['reconcile_with_lines', 'reconcile_with_writeoff'];

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) {
      const result = { ...vals };
      if (!result.journal_id && result.statement_id) {
        result.journal_id = (await this.env.model('account.bank.statement').sudo().browse([result.statement_id]).fetchOne(['journal_id'])).journal_id;
      }
      if (typeof result.amount !== 'number' || !Number.isFinite(result.amount) || result.amount === 0) throw new ValidationError('A statement line needs a non-zero amount.');
      prepared.push(result);
    }
    const lines = await super.create(prepared);
    for (const line of lines) await line._createMove();
    return lines;
  }

  private async _journalAccounts(journalId: number): Promise<{ bank: number; suspense: number; currency: number; name: string }> {
    const { rows: [row] } = await this.env.cr.query<any>(
      `SELECT j.name, j.default_account_id AS bank, COALESCE(j.suspense_account_id, c.account_journal_suspense_account_id) AS suspense,
              COALESCE(j.currency_id, c.currency_id) AS currency, j.type
         FROM account_journal j JOIN res_company c ON c.id = j.company_id WHERE j.id = $1`, [journalId]);
    if (!row || (row.type !== 'bank' && row.type !== 'cash')) throw new ValidationError('Statement lines belong to a bank or cash journal.');
    if (!row.bank || !row.suspense) throw new UserError(`The journal "${row.name}" needs a bank account and a suspense account before statements can be entered.`);
    return row;
  }

  private async _createMove(): Promise<void> {
    const row = await this.sudo().fetchOne(['journal_id', 'date', 'payment_ref', 'partner_id', 'amount']);
    const accounts = await this._journalAccounts(row.journal_id);
    const label = row.payment_ref || 'Bank statement line';
    const move = await this.env.model('account.move').sudo().create({
      move_type: 'entry', journal_id: row.journal_id, date: row.date, ref: label, partner_id: row.partner_id, statement_line_id: row.id, currency_id: accounts.currency,
      line_ids: [
        [0, 0, { name: label, account_id: accounts.bank, partner_id: row.partner_id, balance: row.amount }],
        [0, 0, { name: label, account_id: accounts.suspense, partner_id: row.partner_id, balance: -row.amount }],
      ],
    }) as any;
    await move.action_post();
    await this.sudo().write({ move_id: move.ids[0], currency_id: accounts.currency, amount_residual: row.amount });
  }

  /**
   * Matches the line with open items (e.g. a payment's outstanding item, an invoice's
   * receivable): each gets a counterpart item replacing the suspense amount and is reconciled
   * with it. What is not covered stays on the suspense account.
   */
  async reconcile_with_lines(moveLineIds: number[]): Promise<boolean> {
    await this.checkAccess('write');
    if (!Array.isArray(moveLineIds) || !moveLineIds.length) throw new ValidationError('Give the journal items to match with the statement line.');
    return this.env.cr.savepoint(async () => {
      const { rows: items } = await this.env.cr.query<any>(
        `SELECT l.id, l.account_id, l.partner_id, l.amount_residual AS residual, l.reconciled, l.parent_state, l.name, m.name AS move_name
           FROM account_move_line l JOIN account_move m ON m.id = l.move_id WHERE l.id = ANY($1::int[]) ORDER BY l.date, l.id`, [moveLineIds]);
      if (items.length !== new Set(moveLineIds).size) throw new ValidationError('Some journal items to match do not exist.');
      const taken = items.filter((i: any) => i.reconciled || i.parent_state !== 'posted');
      if (taken.length) throw new UserError(`The item of ${taken[0].move_name} is already reconciled or not posted: pick open items of posted entries.`);
      const counterparts = await this._replaceSuspense(items.map((i: any) => ({ account_id: i.account_id, partner_id: i.partner_id, amount: -Number(i.residual), name: i.move_name, match: i.id })));
      for (const { match, line } of counterparts) await (this.env.model('account.move.line').sudo().browse([match, line]) as any).reconcile();
      return true;
    });
  }

  /** Books the uncovered amount (or all of it) on an account, e.g. bank fees. */
  async reconcile_with_writeoff(accountId: number, label?: string): Promise<boolean> {
    await this.checkAccess('write');
    return this.env.cr.savepoint(async () => {
      const row = await this.sudo().fetchOne(['amount_residual', 'partner_id', 'payment_ref']);
      if (!row.amount_residual) throw new UserError('This statement line is already fully reconciled.');
      await this._replaceSuspense([{ account_id: accountId, partner_id: row.partner_id, amount: -row.amount_residual, name: label || row.payment_ref || 'Write-off' }]);
      return true;
    });
  }

  /**
   * Resets the entry to draft, moves the given amounts off the suspense item onto counterpart
   * items, keeps any remainder on suspense, and posts again (same number).
   */
  private async _replaceSuspense(targets: Array<{ account_id: number; partner_id: number | false; amount: number; name: string; match?: number }>): Promise<Array<{ match: number; line: number }>> {
    const row = await this.sudo().fetchOne(['move_id', 'journal_id', 'amount_residual', 'is_reconciled', 'payment_ref']);
    if (row.is_reconciled) throw new UserError(`The statement line "${row.payment_ref}" is already reconciled: undo its reconciliation first.`);
    const accounts = await this._journalAccounts(row.journal_id);
    const { rows: [{ rounding }] } = await this.env.cr.query<{ rounding: number }>('SELECT rounding FROM res_currency WHERE id = $1', [accounts.currency]);
    // The line brings money in (residual > 0, counterparts are credits) or out.
    let remaining = Number(row.amount_residual);
    const lines: Vals[] = [];
    for (const target of targets) {
      if (roundTo(remaining, Number(rounding)) === 0) break;
      const wanted = target.amount;
      if (Math.sign(wanted) === Math.sign(remaining)) throw new UserError(`The item "${target.name}" goes the same way as the statement line: a receipt matches debits (money owed to you), a payment matches credits.`);
      const amount = Math.abs(wanted) > Math.abs(remaining) ? -remaining : wanted;
      lines.push({ ...target, balance: amount });
      remaining = roundTo(remaining + amount, Number(rounding));
    }
    const move = this.env.model('account.move').sudo().browse([row.move_id]) as any;
    await move.withContext({ skip_statement_guard: true }).button_draft();
    const lineModel = this.env.model('account.move.line').sudo();
    const suspense = await lineModel.search([['move_id', '=', row.move_id], ['account_id', '=', accounts.suspense]]);
    await suspense.unlink();
    const created: Array<{ match: number; line: number }> = [];
    for (const vals of lines) {
      const line = await lineModel.create({ move_id: row.move_id, account_id: vals.account_id, partner_id: vals.partner_id, name: vals.name, balance: vals.balance });
      if (vals.match) created.push({ match: vals.match, line: line.ids[0] });
    }
    if (remaining !== 0) await lineModel.create({ move_id: row.move_id, account_id: accounts.suspense, name: row.payment_ref || 'Suspense', balance: -remaining });
    await move.action_post();
    await this.sudo().write({ amount_residual: remaining, is_reconciled: remaining === 0 });
    return created;
  }
}
