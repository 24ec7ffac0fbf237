import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';

/**
 * Invoices made from orders keep the order's salesperson, sales team and delivery address, so
 * invoiced sales report per team and salesperson (Odoo's invoice_user_id, team_id, partner_shipping_id).
 */
export const AccountMoveSale = extend('account.move', (Base) => class extends Base {
  static override _fields = {
    team_id: fields.many2one('crm.team', { string: 'Sales Team', index: true, ondelete: 'set null' }),
    invoice_user_id: fields.many2one('res.users', { string: 'Salesperson', index: true, copy: false }),
    partner_shipping_id: fields.many2one('res.partner', { string: 'Delivery Address', ondelete: 'restrict', help: 'Where the invoiced goods were delivered.' }),
  };
});
