import { extend } from '../../base/orm/registry';
import { UserError } from '../../base/orm/exceptions';
import { invoiceFilename, renderInvoicePdf } from '../report/invoice_pdf';

/** Invoice PDF download and "Send & Print" by e-mail through the mail.mail queue. */
export const AccountMoveSend = extend('account.move', (Base) => class extends Base {
  /** The invoice PDF as Odoo's download payload: { filename, mimetype, data (base64) }. */
  async action_invoice_download_pdf(): Promise<{ filename: string; mimetype: string; data: string }> {
    await this.checkAccess('read');
    const row = await this.fetchOne(['name', 'move_type']);
    const pdf = await this._render_invoice_pdf();
    return { filename: invoiceFilename(row.name, row.move_type), mimetype: 'application/pdf', data: pdf.toString('base64') };
  }

  /** The PDF bytes, for the web layer's download route. */
  async _render_invoice_pdf(): Promise<Buffer> {
    return renderInvoicePdf(this.env, this.ensureOne());
  }

  /**
   * Hook: throws a UserError when this invoice must not be e-mailed. Addons override it (the
   * Amazon connector refuses Amazon buyers, whose e-mails Amazon hides).
   */
  async _checkCanSendByEmail(): Promise<void> {
    const row = await this.sudo().fetchOne(['name', 'state', 'move_type', 'partner_id']);
    if (row.move_type === 'entry') throw new UserError('Only invoices and credit notes can be sent by e-mail.');
    if (row.state !== 'posted') throw new UserError(`Post ${row.name === '/' ? 'the invoice' : row.name} before sending it.`);
    const partner = await this.env.model('res.partner').sudo().browse([row.partner_id]).fetchOne(['email', 'name']);
    if (!partner.email) throw new UserError(`${partner.name} has no e-mail address: add one to the contact to send the invoice.`);
  }

  /** Queues the invoice e-mail with its PDF (sent by the mail queue cron); returns the mail ids. */
  async action_invoice_send(): Promise<number[]> {
    await this.checkAccess('write');
    const mails: number[] = [];
    for (const move of this as any) {
      await move._checkCanSendByEmail();
      const row = await move.sudo().fetchOne(['name', 'partner_id', 'move_type', 'amount_total', 'currency_id', 'company_id']);
      const partner = await this.env.model('res.partner').sudo().browse([row.partner_id]).fetchOne(['email', 'name']);
      const company = await this.env.model('res.company').sudo().browse([row.company_id]).fetchOne(['name', 'email']);
      const pdf = await move.action_invoice_download_pdf();
      const mail = await this.env.model('mail.mail').sudo().create({
        subject: `${company.name} Invoice (Ref ${row.name})`, email_to: partner.email, email_from: company.email || false,
        body_html: `Dear ${partner.name},\n\nPlease find attached invoice ${row.name}.\n\nBest regards,\n${company.name}`,
        model: 'account.move', res_id: row.id, attachment_name: pdf.filename, attachment_mimetype: pdf.mimetype, attachment_datas: pdf.data,
      });
      await move.sudo().withContext({ skip_move_guard: true }).write({ is_move_sent: true });
      mails.push(mail.ids[0]);
    }
    return mails;
  }
});
