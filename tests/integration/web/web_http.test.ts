import { engines } from '../../support/db';
import { startTestServer, type RpcClient, type TestServer } from '../../support/server';

/** The web addon over real HTTP: developer mode in the session, and file downloads. */
for (const engine of engines()) describe(`web client routes over HTTP on ${engine}`, () => {
  let server: TestServer;
  let admin: RpcClient;
  let invoiceId: number;
  beforeAll(async () => {
    server = await startTestServer(engine, { addons: ['account'] });
    admin = await server.login('admin', 'admin');
    const partner = await admin.callKw('res.partner', 'create', [{ name: 'Ünïcode "Customer"' }]);
    invoiceId = await admin.callKw('account.move', 'create', [{
      move_type: 'out_invoice', partner_id: partner, invoice_date: '2026-03-01',
      invoice_line_ids: [[0, 0, { name: 'Service', quantity: 1, price_unit: 25 }]],
    }]);
    await admin.call('/web/dataset/call_button', { model: 'account.move', method: 'action_post', args: [[invoiceId]], kwargs: {} });
    // a developer-only header button added by an extension of the partner form
    const parent = await admin.callKw('ir.model.data', 'search_read', [[['module', '=', 'web'], ['name', '=', 'view_partner_form']], ['res_id']]);
    await admin.callKw('ir.ui.view', 'create', [{ name: 'partner.debug.button', inherit_id: parent[0].res_id, arch: JSON.stringify({ patches: [
      { inside: { arch: 'header.buttons' }, insert: [{ name: 'action_archive', string: 'Archive (dev)', type: 'object', groups: 'base.group_no_one' }] },
    ] }) }]);
  });
  afterAll(() => server?.close());

  const page = (path: string, client?: RpcClient) => fetch(`${server.url}${path}`, { headers: client?.cookie ? { Cookie: client.cookie } : {}, redirect: 'manual' });
  const partnerForm = async (client: RpcClient) => (await client.callKw('res.partner', 'get_views', [], { views: [[false, 'form']], options: {} })).views.form.arch;
  const pages = (arch: any): string[] => arch.sheet.find((n: any) => n.notebook).notebook.map((p: any) => p.page);
  const buttons = (arch: any): string[] => (arch.header?.buttons ?? []).map((b: any) => b.name);

  test('the session debug flag follows /web?debug=1 and ?debug=0, and get_views shows developer-only nodes only with it', async () => {
    const client = await server.login('admin', 'admin');
    let arch = await partnerForm(client);
    expect(pages(arch)).not.toContain('Technical');
    expect(buttons(arch)).not.toContain('action_archive');

    const on = await page('/web?debug=1', client);
    expect(on.status).toBe(200);
    expect(await on.text()).toContain('"debug":"1"');
    expect((await client.call('/web/session/get_session_info', {})).debug).toBe('1');
    arch = await partnerForm(client);
    expect(pages(arch)).toContain('Technical');
    expect(buttons(arch)).toContain('action_archive');
    expect(JSON.stringify(arch)).not.toContain('groups');

    // the flag stays in the session for later pages and calls, until switched off
    expect(await (await page('/web', client)).text()).toContain('"debug":"1"');
    await (await page('/web?debug=0', client)).text();
    expect((await client.call('/web/session/get_session_info', {})).debug).toBe('');
    arch = await partnerForm(client);
    expect(pages(arch)).not.toContain('Technical');
    expect(buttons(arch)).not.toContain('action_archive');
  });

  test('another session keeps its own debug flag', async () => {
    const one = await server.login('admin', 'admin');
    const two = await server.login('admin', 'admin');
    await (await page('/web?debug=1', one)).text();
    expect((await two.call('/web/session/get_session_info', {})).debug).toBe('');
    expect(pages(await partnerForm(two))).not.toContain('Technical');
  });

  test('GET /web/content/<model>/<id>/<method> serves the invoice PDF as an attachment', async () => {
    const response = await page(`/web/content/account.move/${invoiceId}/action_invoice_download_pdf`, admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="INV_\d{4}_\d+\.pdf"; filename\*=UTF-8''INV_\d{4}_\d+\.pdf$/);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
  });

  test('downloads need a session, a public method returning a file, and an existing record', async () => {
    const anonymous = await page(`/web/content/account.move/${invoiceId}/action_invoice_download_pdf`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/web\/login\?redirect=/);
    // a GET never runs a method that changes data: only download methods are reachable
    for (const method of ['unlink', 'button_draft', 'action_invoice_send']) {
      const refused = await page(`/web/content/account.move/${invoiceId}/${method}`, admin);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toBe(`account.move.${method} is not a download method.`);
    }
    const [invoice] = await admin.callKw('account.move', 'read', [[invoiceId], ['state']]);
    expect(invoice.state).toBe('posted');
    const privateDownload = await page(`/web/content/account.move/${invoiceId}/_download_x`, admin);
    expect(privateDownload.status).toBe(404); // not even routed: method names start with a letter
    const missing = await page('/web/content/account.move/999999/action_invoice_download_pdf', admin);
    expect(missing.status).toBe(404);
    expect((await page(`/web/content/no.such.model/1/action_x`, admin)).status).toBe(404);
  });
});
