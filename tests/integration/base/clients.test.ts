/**
 * Third-party Odoo clients from npm, unchanged, against the real server:
 * odoo-await (XML-RPC, /xmlrpc/2) and @fernandoslim/odoo-jsonrpc (web session + call_kw).
 */
import { engines } from '../../support/db';
import { startTestServer, type TestServer } from '../../support/server';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const OdooAwait = require('odoo-await');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const OdooJSONRpc = require('@fernandoslim/odoo-jsonrpc').default;

for (const engine of engines()) describe(`npm Odoo clients on ${engine}`, () => {
  let s: TestServer;
  let port: number;
  beforeAll(async () => {
    s = await startTestServer(engine, { addons: ['base'] });
    port = Number(new URL(s.url).port);
  });
  afterAll(() => s?.close());

  test('odoo-await: connect, create, searchRead, update, action, read, delete', async () => {
    // odoo-await takes the host from baseUrl and the port separately (default 80 otherwise)
    const odoo = new OdooAwait({ baseUrl: 'http://127.0.0.1', port, db: s.app.db.name, username: 'admin', password: 'admin' });
    expect(await odoo.connect()).toBe(2);
    const id = await odoo.create('res.partner', { name: 'Await Partner', email: 'await@example.com', is_company: true });
    expect(Number.isInteger(id)).toBe(true);
    const childId = await odoo.create('res.partner', { name: 'Await Child', parent_id: id });
    const rows = await odoo.searchRead('res.partner', [['name', 'like', 'Await']], ['name', 'email', 'parent_id'], { order: 'name asc' });
    expect(rows).toEqual([
      { id: childId, name: 'Await Child', email: false, parent_id: [id, 'Await Partner'] },
      { id, name: 'Await Partner', email: 'await@example.com', parent_id: false },
    ]);
    // object-style domain and partial opts (undefined -> empty <value/>)
    expect(await odoo.searchRead('res.partner', { name: 'Await Partner' }, ['name'], { limit: 5 })).toEqual([{ id, name: 'Await Partner' }]);
    expect(await odoo.search('res.partner', [['id', 'in', [id, childId]]])).toEqual(expect.arrayContaining([id, childId]));
    expect(await odoo.update('res.partner', id, { email: 'changed@example.com' })).toBe(true);
    expect(await odoo.read('res.partner', id, ['email'])).toEqual([{ id, email: 'changed@example.com' }]);
    const fields = await odoo.getFields('res.partner', ['type']);
    expect(fields.name).toEqual({ type: 'char' });
    await odoo.action('res.partner', 'action_archive', childId);
    expect(await odoo.searchRead('res.partner', [['id', '=', childId]], ['active'])).toEqual([]);
    expect(await odoo.execute_kw('res.users', 'has_group', [[[2], 'base.group_system']])).toBe(true);
    expect(await odoo.delete('res.partner', id)).toBe(true);
    expect(await odoo.searchRead('res.partner', [['id', '=', id]], ['name'], { context: { active_test: false } })).toEqual([]);
  });

  test('odoo-await: bad credentials reject connect', async () => {
    const odoo = new OdooAwait({ baseUrl: `http://127.0.0.1:${port}`, db: s.app.db.name, username: 'nobody-here', password: 'nope' });
    await expect(odoo.connect()).rejects.toMatch(/invalid credentials/);
  });

  test('odoo-await: a server error comes back as an XML-RPC fault', async () => {
    const odoo = new OdooAwait({ baseUrl: `http://127.0.0.1:${port}`, db: s.app.db.name, username: 'admin', password: 'admin' });
    await odoo.connect();
    await expect(odoo.create('res.partner', { name: 'x', nope: 1 })).rejects.toThrow(/nope/);
  });

  test('@fernandoslim/odoo-jsonrpc: web session, create, searchRead, update, action, call_kw, delete, disconnect', async () => {
    // this client builds `${baseUrl}:${port}`: the port must not be in baseUrl
    const odoo = new OdooJSONRpc({ baseUrl: 'http://127.0.0.1', port, db: s.app.db.name, username: 'admin', password: 'admin' });
    await odoo.connect();
    expect(odoo.sessionId).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const id = await odoo.create('res.partner', { name: 'Slim Partner', is_company: true });
    expect(Number.isInteger(id)).toBe(true);
    const rows = await odoo.searchRead('res.partner', [['id', '=', id]], ['name', 'is_company'], { limit: 5, order: 'name asc' });
    expect(rows).toEqual([{ id, name: 'Slim Partner', is_company: true }]);
    expect(await odoo.read('res.partner', id, ['name'])).toEqual([{ id, name: 'Slim Partner' }]);
    expect(await odoo.update('res.partner', id, { email: 'slim@example.com' })).toBe(true);
    expect(await odoo.search('res.partner', [['email', '=', 'slim@example.com']])).toEqual([id]);
    expect(await odoo.call_kw('res.partner', 'name_search', ['Slim Partner'], { limit: 5 })).toEqual([[id, 'Slim Partner']]);
    expect(await odoo.call_kw('res.users', 'has_group', [[2], 'base.group_system'])).toBe(true);
    await odoo.action('res.partner', 'action_archive', [id]);
    expect(await odoo.searchRead('res.partner', [['id', '=', id]], ['name'])).toEqual([]);
    expect(await odoo.delete('res.partner', id)).toBe(true);
    expect(await odoo.call_kw('res.partner', 'search_count', [[['id', '=', id]]], { context: { active_test: false } })).toBe(0);
    await expect(odoo.create('res.partner', { name: 'x', nope: 1 })).rejects.toThrow(/nope/);
    const sid = odoo.sessionId;
    await odoo.disconnect();
    // the destroyed session is refused (the client itself would log in again on its next call)
    const after = await s.post('/web/dataset/call_kw', { jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} } },
      { Cookie: `session_id=${sid}`, 'X-Openerp-Session-Id': sid });
    expect(after.body.error).toMatchObject({ code: 100, data: { message: 'Session expired' } });
  });

  test('@fernandoslim/odoo-jsonrpc: reuse a session id, and API-key mode over /jsonrpc', async () => {
    const first = new OdooJSONRpc({ baseUrl: 'http://127.0.0.1', port, db: s.app.db.name, username: 'admin', password: 'admin' });
    await first.connect();
    const bySession = new OdooJSONRpc({ baseUrl: 'http://127.0.0.1', port, db: s.app.db.name, sessionId: first.sessionId });
    await bySession.connect();
    expect(await bySession.call_kw('res.partner', 'search_count', [[['id', '=', 1]]])).toBe(1);
    const byKey = new OdooJSONRpc({ baseUrl: 'http://127.0.0.1', port, db: s.app.db.name, username: 'admin', apiKey: 'admin' });
    await byKey.connect();
    expect(await byKey.call_kw('res.partner', 'search_count', [[['id', '=', 1]]])).toBe(1);
    const bad = new OdooJSONRpc({ baseUrl: 'http://127.0.0.1', port, db: s.app.db.name, username: 'nobody-here', password: 'nope' });
    await expect(bad.connect()).rejects.toThrow();
  });
});
