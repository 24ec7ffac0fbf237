import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import type { Model } from '../../base/orm/model';
import type { Vals } from '../../base/orm/values';
import { amazonInvoiceValues } from './account_move';

export const AMAZON_CHANNELS: Array<[string, string]> = [['fbm', 'Fulfilled by Merchant'], ['fba', 'Fulfilled by Amazon']];

/**
 * Amazon orders carry their account and marketplace themselves (the reference derives the account
 * from the first line's offer, which breaks when an offer is deleted).
 */
export const SaleOrderAmazon = extend('sale.order', (Base) => class extends Base {
  static override _fields = {
    amazon_order_ref: fields.char({ string: 'Amazon Reference', readonly: true, copy: false, index: true }),
    amazon_channel: fields.selection(AMAZON_CHANNELS, { string: 'Fulfillment Channel', readonly: true, copy: false }),
    amazon_account_id: fields.many2one('amazon.account', { string: 'Amazon Account', readonly: true, copy: false, index: true, ondelete: 'restrict' }),
    amazon_marketplace_id: fields.many2one('amazon.marketplace', { string: 'Amazon Marketplace', readonly: true, copy: false, ondelete: 'restrict' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['amazon_order_ref_uniq', 'unique(amazon_order_ref)', 'This Amazon order has already been imported: an Amazon order gives exactly one sales order.'],
  ];

  /** An Amazon order keeps the date its buyer ordered on Amazon when the import confirms it (not "now"). */
  _prepare_confirmation_values(): Vals {
    const vals = super._prepare_confirmation_values();
    if (this.env.context.amazon_import) delete vals.date_order;
    return vals;
  }

  /** Amazon ships FBA orders from its own warehouses: their done moves are recorded instead of a delivery. */
  async _create_delivery(): Promise<void> {
    const ours = (await this.sudo().fetch(['amazon_channel'])).filter((o) => o.amazon_channel !== 'fba').map((o) => o.id as number);
    if (ours.length) await super._create_delivery.call(this.browse(ours));
  }

  /** Invoices of Amazon orders say so: e-mail refused, tax left to Amazon, reported per account. */
  async _create_invoices(grouped = false, final = false): Promise<Model> {
    const moves = await super._create_invoices(grouped, final);
    if (!moves.length) return moves;
    const orders = await this.sudo().fetch(['name', 'amazon_order_ref', 'amazon_account_id', 'amazon_marketplace_id']);
    const { rows } = await this.env.cr.query<{ id: number; invoice_origin: string | null }>(
      'SELECT id, invoice_origin FROM account_move WHERE id = ANY($1::int[])', [moves.ids]);
    for (const move of rows) {
      // A grouped invoice lists its orders' names in invoice_origin; it takes the first Amazon one.
      const origins = (move.invoice_origin ?? '').split(', ');
      const order = orders.find((o) => o.amazon_order_ref && origins.includes(o.name));
      if (order) await this.env.model('account.move').sudo().browse([move.id]).write(amazonInvoiceValues(order));
    }
    return moves;
  }
});
