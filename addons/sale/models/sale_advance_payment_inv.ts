import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';

/**
 * The "Create Invoices" dialog of sales orders. Regular invoices only: down payments are not
 * offered, so the choice holds just 'delivered', Odoo's key for it.
 */
export class SaleAdvancePaymentInv extends Model {
  static override _name = 'sale.advance.payment.inv';
  static override _description = 'Sales Advance Payment Invoice';
  static override _fields = {
    advance_payment_method: fields.selection([['delivered', 'Regular invoice']], {
      string: 'Create Invoice', default: 'delivered', required: true,
      help: 'A regular invoice bills what is left to invoice: ordered or delivered quantities, per product.',
    }),
    sale_order_ids: fields.many2many('sale.order', {
      string: 'Sales Orders', relation: 'sale_order_sale_advance_payment_inv_rel', column1: 'wizard_id', column2: 'order_id',
      default: (env) => (env.context.active_model === 'sale.order' && Array.isArray(env.context.active_ids) ? [[6, 0, env.context.active_ids]] : false),
    }),
    count: fields.integer({ string: 'Order Count', compute: '_compute_count' }),
    consolidated_billing: fields.boolean({
      string: 'Consolidated Billing', default: true,
      help: 'Create one invoice for all orders of the same customer, company and currency.',
    }),
  };
  static override _public = ['create_invoices'];

  async _compute_count(): Promise<Record<number, Vals>> {
    const rows = await this.sudo().fetch(['sale_order_ids']);
    return Object.fromEntries(rows.map((row) => [row.id, { count: row.sale_order_ids.length }]));
  }

  /** Creates the invoices and returns the action showing them. */
  async create_invoices(): Promise<Vals> {
    const [wizard] = await this.fetch(['sale_order_ids', 'consolidated_billing', 'advance_payment_method']);
    if (!wizard) throw new UserError('Open the invoicing dialog from one or more sales orders.');
    if (!wizard.sale_order_ids.length) throw new UserError('Select the sales orders to invoice first.');
    const orders = this.env.model<any>('sale.order').browse(wizard.sale_order_ids);
    const invoices = await orders._create_invoices(!wizard.consolidated_billing, false);
    const action: Vals = await orders.action_view_invoice();
    return { ...action, domain: [['id', 'in', invoices.ids]] };
  }
}
