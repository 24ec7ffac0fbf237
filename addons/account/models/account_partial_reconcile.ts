import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** One match of a debit item with a credit item, for part or all of their amounts. */
export class AccountPartialReconcile extends Model {
  static override _name = 'account.partial.reconcile';
  static override _description = 'Partial Reconcile';
  static override _rec_name = 'id';
  static override _fields = {
    debit_move_id: fields.many2one('account.move.line', { required: true, index: true, ondelete: 'cascade' }),
    credit_move_id: fields.many2one('account.move.line', { required: true, index: true, ondelete: 'cascade' }),
    full_reconcile_id: fields.many2one('account.full.reconcile', { string: 'Full Reconcile', index: true }),
    amount: fields.monetary({ help: 'In the company currency, always positive.' }),
    debit_amount_currency: fields.monetary({}),
    credit_amount_currency: fields.monetary({}),
    company_id: fields.many2one('res.company', { related: 'debit_move_id.company_id', store: true }),
    max_date: fields.date({ string: 'Max Date of Matched Lines' }),
  };
}
