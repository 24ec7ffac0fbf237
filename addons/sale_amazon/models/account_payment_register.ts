import { extend } from '../../base/orm/registry';
import type { Vals } from '../../base/orm/values';

/**
 * Registering the payment of Amazon invoices proposes the company's Amazon Payments journal and
 * its Batch Deposit method: the payments then wait on the intermediary account until the payout
 * shows on the bank statement. Anything the user chooses is kept.
 */
export const AccountPaymentRegisterAmazon = extend('account.payment.register', (Base) => class extends Base {
  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = (Array.isArray(valsList) ? valsList : [valsList]).map((vals) => ({ ...vals }));
    const journalId = list.some((vals) => !vals.journal_id) ? await this._amazon_payout_journal() : false;
    if (journalId) {
      const method = await this.env.model('account.payment.method.line').sudo()
        .search([['journal_id', '=', journalId], ['code', '=', 'batch_payment']], { limit: 1 });
      for (const vals of list) {
        if (vals.journal_id) continue;
        vals.journal_id = journalId;
        if (!vals.payment_method_line_id && method.length) vals.payment_method_line_id = method.ids[0];
      }
    }
    return super.create(list);
  }

  /** The dialog shows the same proposal when it opens (the journal is required: the user could not save it empty). */
  override async default_get(fieldsList: string[]): Promise<Vals> {
    const result = await super.default_get(fieldsList);
    if (!fieldsList.includes('journal_id') || result.journal_id) return result;
    const journalId = await this._amazon_payout_journal();
    if (!journalId) return result;
    result.journal_id = journalId;
    if (fieldsList.includes('payment_method_line_id') && !result.payment_method_line_id) {
      const method = await this.env.model('account.payment.method.line').sudo().search([['journal_id', '=', journalId], ['code', '=', 'batch_payment']], { limit: 1 });
      if (method.length) result.payment_method_line_id = method.ids[0];
    }
    return result;
  }

  /** The Amazon Payments journal, when every invoice being paid comes from Amazon. */
  async _amazon_payout_journal(): Promise<number | false> {
    const { active_model: model, active_ids: ids } = this.env.context;
    if (model !== 'account.move' || !Array.isArray(ids) || !ids.length) return false;
    const { rows } = await this.env.cr.query<{ journal: number | null; amazon: boolean }>(
      `SELECT c.amazon_payment_journal_id AS journal, m.amazon_account_id IS NOT NULL AND m.move_type IN ('out_invoice', 'out_refund') AS amazon
         FROM account_move m JOIN res_company c ON c.id = m.company_id WHERE m.id = ANY($1::int[])`, [ids]);
    if (!rows.length || !rows.every((r) => r.amazon && r.journal === rows[0].journal)) return false;
    return rows[0].journal ?? false;
  }
});
