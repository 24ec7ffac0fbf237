import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';

/** A payment method offered by one journal, with the outstanding account its payments use. */
export class AccountPaymentMethodLine extends Model {
  static override _name = 'account.payment.method.line';
  static override _description = 'Payment Methods of a Journal';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ compute: '_compute_name', depends: ['payment_method_id'], store: true }),
    sequence: fields.integer({ default: 10 }),
    payment_method_id: fields.many2one('account.payment.method', { string: 'Payment Method', required: true, ondelete: 'cascade' }),
    journal_id: fields.many2one('account.journal', { string: 'Journal', required: true, ondelete: 'cascade', index: true }),
    payment_account_id: fields.many2one('account.account', {
      string: 'Outstanding Receipts/Payments Account', ondelete: 'restrict',
      help: 'Where payments wait until the bank statement shows them; empty: the company default.',
    }),
    code: fields.char({ related: 'payment_method_id.code', store: true }),
    payment_type: fields.selection([['inbound', 'Inbound'], ['outbound', 'Outbound']], { related: 'payment_method_id.payment_type', store: true }),
    company_id: fields.many2one('res.company', { related: 'journal_id.company_id', store: true }),
  };

  async _compute_name(): Promise<Record<number, Record<string, unknown>>> {
    const { rows } = await this.env.cr.query<{ id: number; name: string }>(
      `SELECT l.id, m.name FROM account_payment_method_line l JOIN account_payment_method m ON m.id = l.payment_method_id WHERE l.id = ANY($1::int[])`, [this.ids]);
    return Object.fromEntries(rows.map((row) => [row.id, { name: row.name }]));
  }

  /** The account payments of this method are booked on until matched with the bank. */
  async _outstandingAccountId(): Promise<number> {
    const { rows } = await this.env.cr.query<{ own: number | null; type: string; debit: number | null; credit: number | null; bank: number | null }>(
      `SELECT l.payment_account_id AS own, m.payment_type AS type, c.account_journal_payment_debit_account_id AS debit,
              c.account_journal_payment_credit_account_id AS credit, j.default_account_id AS bank
         FROM account_payment_method_line l JOIN account_payment_method m ON m.id = l.payment_method_id
         JOIN account_journal j ON j.id = l.journal_id JOIN res_company c ON c.id = j.company_id WHERE l.id = $1`, [this.ensureOne()]);
    const row = rows[0];
    const account = row.own ?? (row.type === 'inbound' ? row.debit : row.credit) ?? row.bank;
    if (!account) throw new UserError('The payment method has no outstanding account and its journal has no default account: set one on the journal.');
    return account;
  }
}
