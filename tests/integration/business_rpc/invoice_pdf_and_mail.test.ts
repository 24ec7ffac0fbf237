import { engines } from '../../support/db';
import type { RpcClient } from '../../support/server';
import { lines, refused, startBusinessServer, unique, type BusinessServer } from './rpc_helpers';

/**
 * The invoice as a document, over RPC and HTTP: its PDF (through call_button and through the
 * /web/content download route) and "send by e-mail" through the outgoing mail queue.
 */
for (const engine of engines()) describe(`invoice PDF and e-mail over RPC on ${engine}`, () => {
  let b: BusinessServer;
  let biller: RpcClient;
  let seller: RpcClient;

  beforeAll(async () => {
    b = await startBusinessServer(engine);
    biller = (await b.user('doc_biller', ['account.group_account_invoice'])).client;
    seller = (await b.user('doc_seller', ['sales_team.group_sale_salesman'])).client;
  }, 120_000);
  afterAll(() => b?.server.close());

  const button = (client: RpcClient, model: string, method: string, ids: number[]) =>
    client.call('/web/dataset/call_button', { model, method, args: [ids], kwargs: {} });

  async function postedInvoice(partner: Record<string, unknown>): Promise<{ id: number; name: string }> {
    const partnerId = await biller.callKw('res.partner', 'create', [{ name: unique('Recipient'), ...partner }]);
    const id = await biller.callKw('account.move', 'create', [{
      move_type: 'out_invoice', partner_id: partnerId, invoice_date: '2026-03-02', invoice_line_ids: lines({ name: 'Consulting <b>day</b>', quantity: 2, price_unit: 450 }),
    }]);
    await button(biller, 'account.move', 'action_post', [id]);
    const [{ name }] = await biller.callKw('account.move', 'read', [[id], ['name']]);
    return { id, name };
  }

  test('the invoice PDF is a real PDF, through call_button and through the download route', async () => {
    const invoice = await postedInvoice({ vat: 'DE123456789' });
    const payload = await button(biller, 'account.move', 'action_invoice_download_pdf', [invoice.id]);
    expect(payload).toMatchObject({ mimetype: 'application/pdf', filename: `${invoice.name.replace(/\//g, '_')}.pdf` });
    const bytes = Buffer.from(payload.data, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-8).toString('latin1')).toMatch(/%%EOF\s*$/);

    const response = await fetch(`${b.server.url}/web/content/account.move/${invoice.id}/action_invoice_download_pdf`, { headers: { Cookie: biller.cookie! } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(`filename="${payload.filename}"`);
    const downloaded = Buffer.from(await response.arrayBuffer());
    expect(downloaded.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(downloaded.length).toBe(bytes.length);

    // Without a session there is no download.
    const anonymous = await fetch(`${b.server.url}/web/content/account.move/${invoice.id}/action_invoice_download_pdf`, { redirect: 'manual' });
    expect(anonymous.headers.get('content-type')).not.toBe('application/pdf');
    expect((await anonymous.text()).startsWith('%PDF')).toBe(false);
  });

  test('sending by e-mail queues the mail with the PDF; a customer without e-mail or a draft is refused, nothing queued', async () => {
    const invoice = await postedInvoice({ email: 'buyer@example.com' });
    const mails = await button(biller, 'account.move', 'action_invoice_send', [invoice.id]);
    // call_button turns the list of queued mail ids into false, as Odoo does for non-actions
    expect(mails).toBe(false);
    const [mail] = await biller.callKw('mail.mail', 'search_read', [[['model', '=', 'account.move'], ['res_id', '=', invoice.id]]],
      { fields: ['state', 'email_to', 'subject', 'attachment_name', 'attachment_mimetype'] });
    expect(mail).toMatchObject({ state: 'outgoing', email_to: 'buyer@example.com', attachment_name: `${invoice.name.replace(/\//g, '_')}.pdf`, attachment_mimetype: 'application/pdf' });
    expect(mail.subject).toContain(invoice.name);
    expect((await biller.callKw('account.move', 'read', [[invoice.id], ['is_move_sent']]))[0].is_move_sent).toBe(true);

    // No SMTP server is configured: running the mail queue cron keeps the mail waiting, not lost.
    await button(b.admin, 'ir.cron', 'method_direct_trigger', [await b.ref('account.ir_cron_mail_scheduler_action')]);
    expect((await biller.callKw('mail.mail', 'read', [[mail.id], ['state']]))[0].state).toBe('outgoing');

    const queued = await b.count('mail.mail');
    const silent = await postedInvoice({});
    const [{ partner_id: partner }] = await biller.callKw('account.move', 'read', [[silent.id], ['partner_id']]);
    await refused(button(biller, 'account.move', 'action_invoice_send', [silent.id]), 'UserError', `${partner[1]} has no e-mail address: add one to the contact to send the invoice.`);
    const draftPartner = await biller.callKw('res.partner', 'create', [{ name: unique('Draft'), email: 'draft@example.com' }]);
    const draft = await biller.callKw('account.move', 'create', [{ move_type: 'out_invoice', partner_id: draftPartner, invoice_line_ids: lines({ name: 'x', quantity: 1, price_unit: 1 }) }]);
    await refused(button(biller, 'account.move', 'action_invoice_send', [draft]), 'UserError', 'Post the invoice before sending it.');
    expect(await b.count('mail.mail')).toBe(queued);
    // A salesperson reads invoices but does not send them.
    await refused(button(seller, 'account.move', 'action_invoice_send', [invoice.id]), 'AccessError', /account\.move/);
    expect(await b.count('mail.mail')).toBe(queued);
  });
});
