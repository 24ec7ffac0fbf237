import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import { sendSmtp, type SmtpSettings } from '../services/smtp_client';

/**
 * Outgoing mail queue: documents queue mails here; process_email_queue (a cron) sends them
 * through the SMTP server set in ir.config_parameter (mail.smtp.host, mail.smtp.port,
 * mail.smtp.user, mail.smtp.password, mail.smtp.ssl, mail.default.from).
 */
export class MailMail extends Model {
  static override _name = 'mail.mail';
  static override _description = 'Outgoing Mail';
  static override _order = 'id desc';
  static override _rec_name = 'subject';
  static override _fields = {
    subject: fields.char(),
    body_html: fields.text({ string: 'Body', help: 'Plain text body.' }),
    email_from: fields.char({ string: 'From' }),
    email_to: fields.text({ string: 'To', help: 'Comma-separated addresses.' }),
    state: fields.selection([['outgoing', 'Outgoing'], ['sent', 'Sent'], ['exception', 'Delivery Failed'], ['cancel', 'Cancelled']], { default: 'outgoing', required: true, readonly: true }),
    failure_reason: fields.text({ readonly: true }),
    model: fields.char({ string: 'Related Document Model' }),
    res_id: fields.integer({ string: 'Related Document ID' }),
    attachment_name: fields.char(),
    attachment_mimetype: fields.char(),
    attachment_datas: fields.binary({ string: 'Attachment', help: 'base64' }),
  };
  static override _public = ['process_email_queue', 'send'];

  /** Sends the queued mails (at most `limit`); returns how many went out. */
  async process_email_queue(limit = 100): Promise<number> {
    const settings = await this._smtpSettings();
    if (!settings) return 0; // Nothing configured: mails wait in the queue.
    const queued = await this.sudo().search([['state', '=', 'outgoing']], { limit, order: 'id' });
    let sent = 0;
    for (const mail of queued) if (await (mail as MailMail)._sendOne(settings)) sent++;
    return sent;
  }

  /** Sends these mails now. */
  async send(): Promise<boolean> {
    const settings = await this._smtpSettings();
    if (!settings) {
      throw new UserError('No outgoing mail server is configured: set mail.smtp.host (and port, user, password) in the system parameters.');
    }
    for (const mail of this) await (mail as MailMail)._sendOne(settings);
    return true;
  }

  private async _smtpSettings(): Promise<SmtpSettings | null> {
    const params = this.env.model('ir.config_parameter').sudo() as any;
    const host = await params.get_param('mail.smtp.host');
    if (!host) return null;
    const ssl = (await params.get_param('mail.smtp.ssl')) === 'True' || (await params.get_param('mail.smtp.ssl')) === 'true';
    return { host, port: Number(await params.get_param('mail.smtp.port', ssl ? '465' : '25')), user: (await params.get_param('mail.smtp.user')) || undefined, password: (await params.get_param('mail.smtp.password')) || undefined, ssl };
  }

  private async _sendOne(settings: SmtpSettings): Promise<boolean> {
    const mail = await this.sudo().fetchOne(['subject', 'body_html', 'email_from', 'email_to', 'attachment_name', 'attachment_mimetype', 'attachment_datas']);
    const from = mail.email_from || (await (this.env.model('ir.config_parameter').sudo() as any).get_param('mail.default.from', 'noreply@localhost'));
    const to = String(mail.email_to || '').split(',').map((a) => a.trim()).filter(Boolean);
    try {
      if (!to.length) throw new Error('The mail has no recipient.');
      await sendSmtp(settings, { from, to, raw: mimeMessage(from, to, mail) });
      await this.sudo().write({ state: 'sent', failure_reason: false });
      return true;
    } catch (error) {
      await this.sudo().write({ state: 'exception', failure_reason: (error as Error).message });
      return false;
    }
  }
}

function encodeHeader(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

/** A MIME message: text body, and the attachment when there is one. */
function mimeMessage(from: string, to: string[], mail: Record<string, any>): string {
  const boundary = `----=_erp_${Math.random().toString(36).slice(2)}`;
  const headers = [`From: ${from}`, `To: ${to.join(', ')}`, `Subject: ${encodeHeader(mail.subject || '')}`, 'MIME-Version: 1.0', `Date: ${new Date().toUTCString()}`];
  const body = Buffer.from(String(mail.body_html || '')).toString('base64').replace(/.{76}/g, '$&\r\n');
  if (!mail.attachment_datas) return [...headers, 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', body].join('\r\n');
  return [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', body, `--${boundary}`,
    `Content-Type: ${mail.attachment_mimetype || 'application/octet-stream'}; name="${mail.attachment_name}"`, 'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${mail.attachment_name}"`, '', String(mail.attachment_datas).replace(/.{76}/g, '$&\r\n'), `--${boundary}--`].join('\r\n');
}
