import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';

/** Payments can be grouped in a batch deposit (or batch transfer). */
export const AccountPaymentBatch = extend('account.payment', (Base) => class extends Base {
  static override _fields = {
    batch_payment_id: fields.many2one('account.batch.payment', { string: 'Batch Payment', ondelete: 'set null', index: true, copy: false }),
  };
  static override _public = ['create_batch_payment'];

  /** "Create batch payment": one batch for these posted payments of one journal and method. */
  async create_batch_payment(): Promise<Record<string, unknown>> {
    await this.checkAccess('write');
    const rows = await this.fetch(['journal_id', 'payment_method_id', 'payment_type', 'state', 'batch_payment_id', 'name', 'date', 'currency_id']);
    if (!rows.length) throw new UserError('Select the payments to put in a batch.');
    const distinct = (key: string) => new Set(rows.map((r) => r[key])).size;
    if (distinct('journal_id') > 1) throw new UserError('All payments of a batch must use the same journal: select payments of one bank journal.');
    if (distinct('payment_method_id') > 1) throw new UserError('All payments of a batch must use the same payment method: select payments of one method.');
    if (distinct('payment_type') > 1) throw new UserError('A batch either receives or sends money: do not mix customer receipts and vendor payments.');
    const notPosted = rows.find((r) => r.state !== 'posted');
    if (notPosted) throw new UserError(`Only posted payments can be batched; ${notPosted.name || 'a draft payment'} is ${notPosted.state}.`);
    const batched = rows.find((r) => r.batch_payment_id);
    if (batched) throw new UserError(`The payment ${batched.name} is already in a batch.`);
    const batch = await this.env.model('account.batch.payment').create({
      journal_id: rows[0].journal_id, payment_method_id: rows[0].payment_method_id, batch_type: rows[0].payment_type, currency_id: rows[0].currency_id,
      date: rows.map((r) => r.date).sort().pop(), payment_ids: [[6, 0, this.ids]],
    });
    return { type: 'ir.actions.act_window', res_model: 'account.batch.payment', res_id: batch.ids[0], view_mode: 'form' };
  }

  /** A bank match of a batched payment may complete its batch. */
  async _refreshMatchedStates(moveIds: number[]): Promise<void> {
    await super._refreshMatchedStates(moveIds);
    const { rows } = await this.env.cr.query<{ id: number }>(
      'SELECT DISTINCT batch_payment_id AS id FROM account_payment WHERE move_id = ANY($1::int[]) AND batch_payment_id IS NOT NULL', [moveIds]);
    if (rows.length) await (this.env.model('account.batch.payment').sudo() as any)._refreshState(rows.map((r) => r.id));
  }
});
