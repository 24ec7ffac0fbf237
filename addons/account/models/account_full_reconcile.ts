import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** A group of items that settle each other completely (Odoo's matching number). */
export class AccountFullReconcile extends Model {
  static override _name = 'account.full.reconcile';
  static override _description = 'Full Reconcile';
  static override _rec_name = 'id';
  static override _fields = {
    partial_reconcile_ids: fields.one2many('account.partial.reconcile', 'full_reconcile_id', { string: 'Reconciliation Parts' }),
    reconciled_line_ids: fields.one2many('account.move.line', 'full_reconcile_id', { string: 'Matched Journal Items' }),
  };
}
