import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import { today } from './account_move';

/**
 * A customer receipt or vendor payment. Posting books it from the partner's receivable (or
 * payable) to the outstanding account of its payment method, where it waits for the bank.
 */
export class AccountPayment extends Model {
  static override _name = 'account.payment';
  static override _description = 'Payments';
  static override _order = 'date desc, id desc';
  static override _fields = {
    name: fields.char({ related: 'move_id.name', store: true, string: 'Number' }),
    move_id: fields.many2one('account.move', { string: 'Journal Entry', readonly: true, ondelete: 'restrict', copy: false }),
    state: fields.selection([['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']], { default: 'draft', required: true, readonly: true, copy: false }),
    payment_type: fields.selection([['inbound', 'Receive'], ['outbound', 'Send']], { required: true, default: 'inbound' }),
    partner_type: fields.selection([['customer', 'Customer'], ['supplier', 'Vendor']], { required: true, default: 'customer' }),
    partner_id: fields.many2one('res.partner', { string: 'Customer/Vendor', ondelete: 'restrict', index: true }),
    amount: fields.monetary({ required: true, default: 0 }),
    currency_id: fields.many2one('res.currency', { string: 'Currency' }),
    date: fields.date({ required: true, default: () => today() }),
    ref: fields.char({ string: 'Memo' }),
    journal_id: fields.many2one('account.journal', { string: 'Journal', required: true, index: true }),
    company_id: fields.many2one('res.company', { related: 'journal_id.company_id', store: true, index: true }),
    payment_method_line_id: fields.many2one('account.payment.method.line', {
      string: 'Payment Method', compute: '_compute_payment_method_line_id', depends: ['journal_id', 'payment_type'], store: true, readonly: false,
    }),
    payment_method_id: fields.many2one('account.payment.method', { related: 'payment_method_line_id.payment_method_id', store: true }),
    payment_method_code: fields.char({ related: 'payment_method_line_id.code' }),
    destination_account_id: fields.many2one('account.account', { string: 'Destination Account', help: 'Empty: the receivable or payable account of the company.' }),
    outstanding_account_id: fields.many2one('account.account', { string: 'Outstanding Account', readonly: true }),
    is_reconciled: fields.boolean({ readonly: true, default: false, help: 'Matched with invoices or bills.' }),
    is_matched: fields.boolean({ readonly: true, default: false, help: 'Matched with a bank statement line.' }),
  };
  static override _public = ['action_post', 'action_draft', 'action_cancel'];
  static override _constrains = { _check_amount: ['amount'] };

  /**
   * The method stays when the journal offers it for the payment's direction; otherwise the
   * journal's first method of that direction is proposed (on the form as the journal changes).
   */
  async _compute_payment_method_line_id(): Promise<Record<number, Vals>> {
    const result: Record<number, Vals> = {};
    for (const payment of await this.fetch(['journal_id', 'payment_method_line_id', 'payment_type'])) {
      const { rows } = await this.env.cr.query<{ id: number }>(
        'SELECT id FROM account_payment_method_line WHERE journal_id = $1 AND payment_type = $2 ORDER BY sequence, id',
        [payment.journal_id || null, payment.payment_type || 'inbound']);
      const offered = rows.map((r) => r.id);
      result[payment.id] = { payment_method_line_id: offered.includes(payment.payment_method_line_id) ? payment.payment_method_line_id : offered[0] ?? false };
    }
    return result;
  }

  async _check_amount(): Promise<void> {
    for (const row of await this.sudo().fetch(['amount'])) {
      if (row.amount < 0) throw new ValidationError('A payment amount cannot be negative: switch between Receive and Send instead.');
    }
  }

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) {
      const result = { ...vals };
      const journal = this.env.model('account.journal').sudo().browse([vals.journal_id]) as any;
      if (!vals.journal_id) throw new ValidationError('A payment needs a bank or cash journal.');
      const [row] = await journal.fetch(['type', 'currency_id', 'company_id', 'name']);
      if (!row) throw new ValidationError(`The journal ${vals.journal_id} does not exist.`);
      if (row.type !== 'bank' && row.type !== 'cash') throw new ValidationError(`Payments go through a bank or cash journal; "${row.name}" is a ${row.type} journal.`);
      if (!result.payment_method_line_id) result.payment_method_line_id = (await journal._paymentMethodLine(result.payment_type ?? 'inbound')).ids[0];
      if (!result.currency_id) {
        const company = await this.env.model('res.company').sudo().browse([row.company_id]).fetchOne(['currency_id']);
        result.currency_id = row.currency_id || company.currency_id;
      }
      prepared.push(result);
    }
    return super.create(prepared);
  }

  /** Books the payment: a posted entry on the outstanding and receivable/payable accounts. */
  async action_post(): Promise<boolean> {
    await this.checkAccess('write');
    return this.env.cr.savepoint(async () => {
      for (const payment of this) await payment._postOne();
      return true;
    });
  }

  private async _postOne(): Promise<void> {
    const row = await this.sudo().fetchOne(['state', 'payment_type', 'partner_type', 'partner_id', 'amount', 'currency_id', 'date', 'ref', 'journal_id', 'company_id', 'payment_method_line_id', 'destination_account_id', 'move_id']);
    if (row.state !== 'draft') throw new UserError('Only draft payments can be posted.');
    if (!(row.amount > 0)) throw new UserError('The payment amount must be greater than zero.');
    const method = this.env.model('account.payment.method.line').sudo().browse([row.payment_method_line_id]) as any;
    const [methodRow] = await method.fetch(['payment_type', 'journal_id']);
    if (!methodRow || methodRow.journal_id !== row.journal_id || methodRow.payment_type !== row.payment_type) {
      throw new UserError(`The payment method is not an ${row.payment_type} method of the payment's journal: pick one from the journal.`);
    }
    const outstanding = await method._outstandingAccountId();
    const company = await this.env.model('res.company').sudo().browse([row.company_id]).fetchOne(['currency_id', 'account_default_receivable_id', 'account_default_payable_id']);
    const destination = row.destination_account_id || (row.partner_type === 'customer' ? company.account_default_receivable_id : company.account_default_payable_id);
    const sign = row.payment_type === 'inbound' ? 1 : -1;
    const currency = this.env.model('res.currency').sudo().browse([row.currency_id]) as any;
    const balance = await currency._convert(sign * row.amount, this.env.model('res.currency').browse([company.currency_id]), row.company_id, row.date);
    const label = row.ref || `${row.payment_type === 'inbound' ? 'Customer' : 'Vendor'} payment`;
    const lines = [
      { name: label, account_id: outstanding, partner_id: row.partner_id, amount_currency: sign * row.amount, balance, currency_id: row.currency_id },
      { name: label, account_id: destination, partner_id: row.partner_id, amount_currency: -sign * row.amount, balance: -balance, currency_id: row.currency_id },
    ];
    const moves = this.env.model('account.move').sudo();
    let moveId: number = row.move_id;
    if (moveId) {
      await this.env.model('account.move.line').sudo().search([['move_id', '=', moveId]]).then((old) => old.unlink());
      await moves.browse([moveId]).write({ date: row.date, ref: row.ref, partner_id: row.partner_id, line_ids: lines.map((l) => [0, 0, l]) });
    } else {
      const move = await moves.create({ move_type: 'entry', journal_id: row.journal_id, date: row.date, ref: row.ref, partner_id: row.partner_id, currency_id: row.currency_id, payment_id: row.id, line_ids: lines.map((l) => [0, 0, l]) });
      moveId = move.ids[0];
    }
    await (moves.browse([moveId]) as any).action_post();
    await this.sudo().write({ state: 'posted', move_id: moveId, outstanding_account_id: outstanding, destination_account_id: destination });
  }

  /** Back to draft, undoing its matchings with invoices and the bank. */
  async action_draft(): Promise<boolean> {
    await this.checkAccess('write');
    const rows = await this.sudo().fetch(['move_id']);
    const moves = this.env.model('account.move').sudo().browse(rows.map((r) => r.move_id).filter(Boolean)) as any;
    if (moves.ids.length) await moves.button_draft();
    await this.sudo().write({ state: 'draft', is_reconciled: false, is_matched: false });
    return true;
  }

  async action_cancel(): Promise<boolean> {
    await this.checkAccess('write');
    const rows = await this.sudo().fetch(['state', 'move_id']);
    if (rows.some((r) => r.state === 'posted')) throw new UserError('Reset the payment to draft before cancelling it.');
    const moves = this.env.model('account.move').sudo().browse(rows.map((r) => r.move_id).filter(Boolean)) as any;
    if (moves.ids.length) await moves.button_cancel();
    await this.sudo().write({ state: 'cancel' });
    return true;
  }

  /** The payment's item on the receivable/payable account, and the one on the outstanding account. */
  async _seekForLines(): Promise<{ counterpart: number[]; liquidity: number[] }> {
    const row = await this.sudo().fetchOne(['move_id', 'outstanding_account_id']);
    const { rows } = await this.env.cr.query<{ id: number; account_id: number }>('SELECT id, account_id FROM account_move_line WHERE move_id = $1', [row.move_id]);
    return {
      liquidity: rows.filter((r) => r.account_id === row.outstanding_account_id).map((r) => r.id),
      counterpart: rows.filter((r) => r.account_id !== row.outstanding_account_id).map((r) => r.id),
    };
  }

  /** is_reconciled / is_matched of the payments behind these entries, after a (un)reconciliation. */
  async _refreshMatchedStates(moveIds: number[]): Promise<void> {
    await this.env.cr.query(
      `UPDATE account_payment p SET
          is_reconciled = NOT EXISTS (SELECT 1 FROM account_move_line l WHERE l.move_id = p.move_id AND l.account_id <> p.outstanding_account_id AND NOT l.reconciled),
          is_matched = NOT EXISTS (SELECT 1 FROM account_move_line l JOIN account_account a ON a.id = l.account_id
                                    WHERE l.move_id = p.move_id AND l.account_id = p.outstanding_account_id AND a.account_type <> 'asset_cash' AND NOT l.reconciled)
        WHERE p.move_id = ANY($1::int[])`, [moveIds]);
  }
}
