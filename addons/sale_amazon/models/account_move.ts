import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';

/**
 * Invoices of Amazon orders. Amazon hides the buyers' e-mail addresses behind a relay that drops
 * attachments, so invoices are never e-mailed to Amazon customers: the seller uploads the PDF in
 * Seller Central instead. Amazon collects the tax of marketplace sales itself, so tax-service
 * integrations must leave these invoices alone.
 */
export const AccountMoveAmazon = extend('account.move', (Base) => class extends Base {
  static override _fields = {
    amazon_order_ref: fields.char({ string: 'Amazon Reference', readonly: true, copy: false, index: true }),
    amazon_account_id: fields.many2one('amazon.account', { string: 'Amazon Account', readonly: true, copy: false, index: true, ondelete: 'set null' }),
    amazon_marketplace_id: fields.many2one('amazon.marketplace', { string: 'Amazon Marketplace', readonly: true, copy: false, ondelete: 'set null' }),
  };

  /** E-mailing is refused as soon as one of the invoices goes to an Amazon customer. */
  async action_invoice_send(...args: unknown[]): Promise<unknown> {
    const amazonInvoices = await this._amazon_customer_invoices();
    if (amazonInvoices.length) {
      throw new UserError(
        `${amazonInvoices.join(', ')}: Amazon customers cannot receive invoices by e-mail, because Amazon only gives sellers an anonymised address that does not deliver attachments. `
        + 'Use "Download PDF" on the invoice and upload the file to the order in Seller Central (Orders > Manage Orders > Upload invoice); Amazon makes it available to the buyer.');
    }
    const parent = (Base.prototype as any).action_invoice_send;
    if (typeof parent !== 'function') throw new UserError('Sending invoices by e-mail is not available in this installation.');
    return parent.apply(this, args);
  }

  /** Names of the invoices that bill an Amazon order or a customer whose orders come from Amazon. */
  async _amazon_customer_invoices(): Promise<string[]> {
    const { rows } = await this.env.cr.query<{ name: string }>(
      `SELECT m.name FROM account_move m
        WHERE m.id = ANY($1::int[])
          AND (m.amazon_account_id IS NOT NULL
               OR EXISTS (SELECT 1 FROM sale_order s JOIN res_partner p ON p.id = s.partner_id
                           WHERE s.amazon_account_id IS NOT NULL AND p.commercial_partner_id = m.commercial_partner_id))
        ORDER BY m.id`, [this.ids]);
    return rows.map((r) => r.name);
  }

  /** Amazon collected the tax of these sales: external tax services must skip them whatever the flag says. */
  async _is_external_tax_sync_excluded(): Promise<boolean> {
    const row = await this.sudo().fetchOne(['amazon_account_id']);
    return Boolean(row.amazon_account_id) || super._is_external_tax_sync_excluded();
  }
});

/** What an invoice of an Amazon order records about its origin. */
export function amazonInvoiceValues(order: Vals): Vals {
  return {
    amazon_order_ref: order.amazon_order_ref,
    amazon_account_id: order.amazon_account_id,
    amazon_marketplace_id: order.amazon_marketplace_id,
    external_tax_sync_excluded: true,
  };
}
