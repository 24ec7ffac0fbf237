import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';

/**
 * Payments deposited (or sent) together: the bank shows one amount for all of them, so one
 * statement line reconciles the whole batch.
 */
export class AccountBatchPayment extends Model {
  static override _name = 'account.batch.payment';
  static override _description = 'Batch Payment';
  static override _order = 'date desc, id desc';
  static override _fields = {
    name: fields.char({ string: 'Reference', readonly: true, copy: false, default: '/' }),
    date: fields.date({ required: true, default: () => new Date().toISOString().slice(0, 10) }),
    state: fields.selection([['draft', 'New'], ['sent', 'Sent'], ['reconciled', 'Reconciled']], { default: 'draft', required: true, readonly: true, copy: false }),
    journal_id: fields.many2one('account.journal', { string: 'Bank', required: true, index: true }),
    company_id: fields.many2one('res.company', { related: 'journal_id.company_id', store: true, index: true }),
    batch_type: fields.selection([['inbound', 'Inbound'], ['outbound', 'Outbound']], { required: true, default: 'inbound' }),
    payment_method_id: fields.many2one('account.payment.method', { string: 'Payment Method', required: true }),
    payment_method_code: fields.char({ related: 'payment_method_id.code' }),
    payment_ids: fields.one2many('account.payment', 'batch_payment_id', { string: 'Payments' }),
    currency_id: fields.many2one('res.currency', { string: 'Currency' }),
    amount: fields.monetary({ string: 'Amount', compute: '_compute_amount' }),
  };
  static override _public = ['validate_batch', 'reconcile_with_statement_line'];
  static override _constrains = { _check_payments: ['payment_ids', 'journal_id', 'payment_method_id', 'batch_type'] };

  async _compute_amount(): Promise<Record<number, Vals>> {
    const { rows } = await this.env.cr.query<{ id: number; total: string }>(
      `SELECT b.id, COALESCE(sum(p.amount), 0) AS total FROM account_batch_payment b LEFT JOIN account_payment p ON p.batch_payment_id = b.id AND p.state <> 'cancel'
        WHERE b.id = ANY($1::int[]) GROUP BY b.id`, [this.ids]);
    return Object.fromEntries(rows.map((r) => [r.id, { amount: Number(r.total) }]));
  }

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) {
      const prefix = vals.batch_type === 'outbound' ? 'BATCH/OUT' : 'BATCH/IN';
      const name = !vals.name || vals.name === '/' ? await this._nextName(prefix, vals.date ?? new Date().toISOString().slice(0, 10)) : vals.name;
      prepared.push({ ...vals, name });
    }
    return super.create(prepared);
  }

  private async _nextName(prefix: string, date: string): Promise<string> {
    const stem = `${prefix}/${String(date).slice(0, 4)}/`;
    await this.env.cr.query('SELECT pg_advisory_xact_lock(hashtext($1))', [stem]);
    const { rows: [last] } = await this.env.cr.query<{ n: number | null }>(
      `SELECT max(substring(name from '([0-9]+)$')::int) AS n FROM account_batch_payment WHERE name LIKE $1`, [`${stem}%`]);
    return `${stem}${String((last.n ?? 0) + 1).padStart(4, '0')}`;
  }

  /** Every payment of a batch shares its journal, method and direction, and is posted. */
  async _check_payments(): Promise<void> {
    for (const batch of await this.sudo().fetch(['journal_id', 'payment_method_id', 'batch_type', 'name'])) {
      const { rows } = await this.env.cr.query<{ name: string; journal_id: number; payment_method_id: number; payment_type: string; state: string }>(
        'SELECT name, journal_id, payment_method_id, payment_type, state FROM account_payment WHERE batch_payment_id = $1', [batch.id]);
      const wrong = rows.find((p) => p.journal_id !== batch.journal_id || p.payment_method_id !== batch.payment_method_id || p.payment_type !== batch.batch_type);
      if (wrong) throw new UserError(`The payment ${wrong.name ?? ''} does not match batch ${batch.name}: all payments of a batch use its journal, payment method and direction.`);
    }
  }

  /** Marks the batch as sent to the bank (the deposit slip is out). */
  async validate_batch(): Promise<boolean> {
    await this.checkAccess('write');
    for (const batch of await this.fetch(['state', 'name', 'payment_ids'])) {
      if (batch.state !== 'draft') throw new UserError(`Batch ${batch.name} is already ${batch.state}.`);
      if (!batch.payment_ids.length) throw new UserError(`Batch ${batch.name} has no payments: add payments before validating it.`);
      const { rows } = await this.env.cr.query<{ name: string }>(`SELECT name FROM account_payment WHERE id = ANY($1::int[]) AND state <> 'posted'`, [batch.payment_ids]);
      if (rows.length) throw new UserError(`Post the payments of batch ${batch.name} before validating it (${rows.map((r) => r.name || 'draft payment').join(', ')}).`);
    }
    await this.write({ state: 'sent' });
    return true;
  }

  /** Reconciles one bank statement line with all payments of the batch at once. */
  async reconcile_with_statement_line(statementLineId: number): Promise<boolean> {
    const batchId = this.ensureOne();
    const batch = await this.fetchOne(['state', 'name', 'payment_ids']);
    if (batch.state === 'draft') throw new UserError(`Validate batch ${batch.name} before reconciling it with the bank.`);
    if (batch.state === 'reconciled') throw new UserError(`Batch ${batch.name} is already reconciled.`);
    const lineIds: number[] = [];
    for (const id of batch.payment_ids) lineIds.push(...(await (this.env.model('account.payment').sudo().browse([id]) as any)._seekForLines()).liquidity);
    const line = this.env.model('account.bank.statement.line').browse([statementLineId]) as any;
    const [statement] = await line.fetch(['amount']);
    const total = (await this.fetchOne(['amount'])).amount;
    const signed = (await this.fetchOne(['batch_type'])).batch_type === 'inbound' ? total : -total;
    if (Math.abs(statement.amount - signed) > 1e-6) {
      throw new UserError(`The statement line (${statement.amount}) does not equal the batch ${batch.name} total (${signed}): reconcile the payments one by one or fix the statement.`);
    }
    await line.reconcile_with_lines(lineIds);
    await this._refreshState([batchId]);
    return true;
  }

  /** A batch is reconciled once all its payments are matched with the bank. */
  async _refreshState(ids: number[]): Promise<void> {
    await this.env.cr.query(
      `UPDATE account_batch_payment b SET state = 'reconciled' WHERE b.id = ANY($1::int[]) AND b.state = 'sent'
          AND NOT EXISTS (SELECT 1 FROM account_payment p WHERE p.batch_payment_id = b.id AND NOT p.is_matched)`, [ids]);
  }
}
