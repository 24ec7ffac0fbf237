import net from 'node:net';
import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import { partner, postedInvoice } from './helpers';

/** A minimal SMTP server recording what it receives; `refuse` makes it reject recipients. */
function fakeSmtp(options: { refuse?: boolean } = {}): Promise<{ port: number; messages: string[]; close: () => Promise<void> }> {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let data = false;
    let body = '';
    let pending = '';
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      pending += chunk.toString();
      let index: number;
      while ((index = pending.indexOf('\r\n')) !== -1) {
        const line = pending.slice(0, index);
        pending = pending.slice(index + 2);
        if (data) {
          if (line === '.') { data = false; messages.push(body); socket.write('250 queued\r\n'); } else body += `${line}\n`;
          continue;
        }
        if (/^EHLO/.test(line)) socket.write('250-fake\r\n250 AUTH PLAIN\r\n');
        else if (/^RCPT/.test(line) && options.refuse) socket.write('550 no such user\r\n');
        else if (line === 'DATA') { data = true; body = ''; socket.write('354 go\r\n'); }
        else if (line === 'QUIT') { socket.write('221 bye\r\n'); socket.end(); }
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as net.AddressInfo).port, messages, close: () => new Promise((done) => server.close(() => done())),
  })));
}

for (const engine of engines()) describe(`invoice PDF and e-mail on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['account'] }); });
  afterAll(() => t.close());

  test('the invoice PDF downloads with its file name', () => t.rollback(async (env) => {
    const invoice = await postedInvoice(env, { partnerId: await partner(env, 'Vat Customer', { vat: 'DE123456789' }), price: 10 });
    const pdf = await invoice.action_invoice_download_pdf();
    expect(pdf.filename).toBe('INV_2026_00001.pdf');
    expect(pdf.mimetype).toBe('application/pdf');
    expect(Buffer.from(pdf.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const { invoiceReportData } = await import('../../../addons/account/report/invoice_pdf');
    expect((await invoiceReportData(env, invoice.ids[0])).partner!.vat).toBe('DE123456789');
  }));

  test('sending queues a mail with the PDF; the queue delivers it over SMTP', () => t.rollback(async (env) => {
    const smtp = await fakeSmtp();
    try {
      const invoice = await postedInvoice(env, { partnerId: await partner(env, 'Mail Customer', { email: 'customer@example.com' }), price: 10 });
      const [mailId] = await invoice.action_invoice_send();
      const mail = env.model('mail.mail').browse([mailId]);
      expect(await mail.fetchOne(['state', 'email_to', 'attachment_name'])).toMatchObject({ state: 'outgoing', email_to: 'customer@example.com', attachment_name: 'INV_2026_00001.pdf' });
      const queue = env.model('mail.mail') as any;
      expect(await queue.process_email_queue()).toBe(0); // no SMTP server configured: the mail waits
      const params = env.model('ir.config_parameter') as any;
      await params.set_param('mail.smtp.host', '127.0.0.1');
      await params.set_param('mail.smtp.port', String(smtp.port));
      expect(await queue.process_email_queue()).toBe(1);
      expect((await mail.fetchOne(['state'])).state).toBe('sent');
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toContain('To: customer@example.com');
      expect(smtp.messages[0]).toContain('filename="INV_2026_00001.pdf"');
      expect((await invoice.fetchOne(['is_move_sent'])).is_move_sent).toBe(true);
    } finally {
      await smtp.close();
    }
  }));

  test('a refused delivery is recorded as an exception with the reason', () => t.rollback(async (env) => {
    const smtp = await fakeSmtp({ refuse: true });
    try {
      const invoice = await postedInvoice(env, { partnerId: await partner(env, 'Bounce', { email: 'nobody@example.com' }), price: 10 });
      const [mailId] = await invoice.action_invoice_send();
      const params = env.model('ir.config_parameter') as any;
      await params.set_param('mail.smtp.host', '127.0.0.1');
      await params.set_param('mail.smtp.port', String(smtp.port));
      expect(await (env.model('mail.mail') as any).process_email_queue()).toBe(0);
      expect(await env.model('mail.mail').browse([mailId]).fetchOne(['state', 'failure_reason'])).toMatchObject({ state: 'exception', failure_reason: expect.stringContaining('550 no such user') });
    } finally {
      await smtp.close();
    }
  }));

  test('a customer without e-mail, or a draft, cannot be sent to; nothing is queued', () => t.rollback(async (env) => {
    const invoice = await postedInvoice(env, { partnerId: await partner(env, 'No Mail'), price: 10 });
    await expect(invoice.action_invoice_send()).rejects.toThrow('No Mail has no e-mail address: add one to the contact to send the invoice.');
    expect(await env.model('mail.mail').search_count([])).toBe(0);
    expect((await invoice._is_external_tax_sync_excluded())).toBe(false);
    await invoice.write({ external_tax_sync_excluded: true });
    expect((await invoice._is_external_tax_sync_excluded())).toBe(true);
  }));
});

