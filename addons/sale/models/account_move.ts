import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

/** Invoices made from orders keep the order's sales team, so invoiced sales report per team. */
export const AccountMoveSale = extend('account.move', (Base) => class extends Base {
  static override _fields = {
    team_id: fields.many2one('crm.team', { string: 'Sales Team', index: true, ondelete: 'set null' }),
  };
});
