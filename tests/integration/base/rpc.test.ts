import { engines } from '../../support/db';
import { startTestServer, RpcError, type TestServer, type RpcClient } from '../../support/server';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const xmlrpc = require('xmlrpc');

const ODOO_ERROR_NAMES = ['odoo.exceptions.UserError', 'odoo.exceptions.ValidationError', 'odoo.exceptions.AccessError', 'odoo.exceptions.AccessDenied', 'odoo.exceptions.MissingError'];

for (const engine of engines()) describe(`RPC over HTTP on ${engine}`, () => {
  let s: TestServer;
  let admin: RpcClient;
  let db: string;
  let seq = 0;

  beforeAll(async () => {
    s = await startTestServer(engine, { addons: ['base'] });
    db = s.app.db.name;
    admin = await s.login('admin', 'admin');
  });
  afterAll(() => s?.close());

  const jsonrpc = async (service: string, method: string, args: unknown[]) => {
    const { status, body } = await s.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', id: ++seq, params: { service, method, args } });
    expect(status).toBe(200);
    return body;
  };
  const executeKw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, password = 'admin', uid = 2) =>
    jsonrpc('object', 'execute_kw', [db, uid, password, model, method, args, kwargs]);
  const xmlClient = (service: string) => xmlrpc.createClient({ url: `${s.url}/xmlrpc/2/${service}` });
  const xmlCall = (service: string, method: string, params: unknown[]): Promise<any> => new Promise((resolve, reject) => {
    xmlClient(service).methodCall(method, params, (error: unknown, value: unknown) => (error ? reject(error) : resolve(value)));
  });
  const partnerCount = async (name: string) => (await executeKw('res.partner', 'search_count', [[['name', '=', name]]], { context: { active_test: false } })).result;

  /** Checks Odoo 17's error envelope and returns data. */
  function expectOdooError(body: any, name: string, message?: RegExp) {
    expect(body.result).toBeUndefined();
    expect(body.error.code).toBe(200);
    expect(body.error.message).toBe('Odoo Server Error');
    expect(body.error.data.name).toBe(name);
    expect(typeof body.error.data.message).toBe('string');
    expect(body.error.data.message.length).toBeGreaterThan(0);
    expect(body.error.data.arguments).toEqual([body.error.data.message]);
    expect(JSON.stringify(body.error)).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
    if (message) expect(body.error.data.message).toMatch(message);
    return body.error.data;
  }

  describe('/jsonrpc', () => {
    test('common.version, login, authenticate (wrong password -> false)', async () => {
      expect((await jsonrpc('common', 'version', [])).result).toMatchObject({ server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''], protocol_version: 1 });
      expect((await jsonrpc('common', 'login', [db, 'admin', 'admin'])).result).toBe(2);
      expect((await jsonrpc('common', 'authenticate', [db, 'admin', 'admin', {}])).result).toBe(2);
      expect(await jsonrpc('common', 'authenticate', [db, 'nobody-here', 'wrong', {}])).toMatchObject({ result: false });
      expect(await jsonrpc('common', 'login', [db, 'nobody-here', 'wrong'])).toMatchObject({ result: false });
      expect(await jsonrpc('common', 'authenticate', ['other_db', 'admin', 'admin', {}])).toMatchObject({ result: false });
    });

    test('id is echoed, missing id answers null, method member ignored', async () => {
      const { body } = await s.post('/jsonrpc', { jsonrpc: '2.0', method: 'whatever', id: 'abc', params: { service: 'common', method: 'version', args: [] } });
      expect(body.id).toBe('abc');
      const noId = await s.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'version', args: [] } });
      expect(noId.body).toMatchObject({ jsonrpc: '2.0', id: null, result: { server_version: '17.0' } });
      expect(noId.headers.get('content-type')).toMatch(/^application\/json/);
    });

    test('object.execute_kw and object.execute: create, search_read, write, unlink', async () => {
      const id = (await executeKw('res.partner', 'create', [{ name: 'JSON Partner', email: 'j@example.com' }])).result;
      expect(Number.isInteger(id)).toBe(true);
      const ids = (await executeKw('res.partner', 'create', [[{ name: 'JSON A' }, { name: 'JSON B' }]])).result;
      expect(ids).toHaveLength(2);
      const rows = (await executeKw('res.partner', 'search_read', [[['name', '=like', 'JSON _']]], { fields: ['name', 'email', 'country_id'], order: 'name desc', limit: 2 })).result;
      expect(rows).toEqual([{ id: ids[1], name: 'JSON B', email: false, country_id: false }, { id: ids[0], name: 'JSON A', email: false, country_id: false }]);
      // odoo-await style: undefined options arrive as "" and mean "default"
      const lenient = (await executeKw('res.partner', 'search_read', [[['id', '=', id]]], { fields: ['name'], offset: '', limit: '', order: '', context: '' })).result;
      expect(lenient).toEqual([{ id, name: 'JSON Partner' }]);
      expect((await executeKw('res.partner', 'write', [id, { email: 'new@example.com' }])).result).toBe(true);
      expect((await jsonrpc('object', 'execute', [db, 2, 'admin', 'res.partner', 'read', [id], ['email']])).result).toEqual([{ id, email: 'new@example.com' }]);
      expect((await executeKw('res.partner', 'unlink', [[id, ...ids]])).result).toBe(true);
      expect((await executeKw('res.partner', 'search_count', [[['id', 'in', [id, ...ids]]]])).result).toBe(0);
    });

    test('wrong password or uid on object calls is AccessDenied; nothing written', async () => {
      expectOdooError(await executeKw('res.partner', 'create', [{ name: 'Denied' }], {}, 'wrong'), 'odoo.exceptions.AccessDenied');
      expectOdooError(await executeKw('res.partner', 'create', [{ name: 'Denied' }], {}, 'admin', 999), 'odoo.exceptions.AccessDenied');
      expect(await partnerCount('Denied')).toBe(0);
    });

    test('a changed password stops the old one at once; an archived user is refused', async () => {
      const uid = (await executeKw('res.users', 'create', [{ name: 'Rotating', login: 'rotating', password: 'first-pass', groups_id: [[6, 0, [await groupId('base.group_user')]]] }])).result;
      expect((await executeKw('res.partner', 'search_count', [[]], {}, 'first-pass', uid)).error).toBeUndefined();
      await executeKw('res.users', 'write', [[uid], { password: 'second-pass' }]);
      expectOdooError(await executeKw('res.partner', 'search_count', [[]], {}, 'first-pass', uid), 'odoo.exceptions.AccessDenied');
      expect((await executeKw('res.partner', 'search_count', [[]], {}, 'second-pass', uid)).error).toBeUndefined();
      await executeKw('res.users', 'write', [[uid], { active: false }]);
      expectOdooError(await executeKw('res.partner', 'search_count', [[]], {}, 'second-pass', uid), 'odoo.exceptions.AccessDenied');
    });
  });

  async function groupId(xmlid: string): Promise<number> {
    const [module, name] = xmlid.split('.');
    const rows = (await executeKw('ir.model.data', 'search_read', [[['module', '=', module], ['name', '=', name]]], { fields: ['res_id'] })).result;
    return rows[0].res_id;
  }

  describe('/xmlrpc/2', () => {
    test('common.version, authenticate, and object.execute_kw with node-xmlrpc', async () => {
      expect(await xmlCall('common', 'version', [])).toMatchObject({ server_version: '17.0' });
      expect(await xmlCall('common', 'authenticate', [db, 'admin', 'admin', {}])).toBe(2);
      expect(await xmlCall('common', 'authenticate', [db, 'nobody-here', 'x', {}])).toBe(false);
      const id = await xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', 'create', [{ name: 'XML <Partner> & Co' }]]);
      const rows = await xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', 'search_read', [[['id', '=', id]]], { fields: ['name', 'parent_id', 'active'], limit: undefined }]);
      expect(rows).toEqual([{ id, name: 'XML <Partner> & Co', parent_id: false, active: true }]);
      expect(await xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', 'write', [[id], { name: 'XML renamed' }]])).toBe(true);
      expect(await xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', 'unlink', [[id]]])).toBe(true);
      // a method returning nothing is sent as false (XML-RPC has no None)
      expect(await xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', 'search_read', [[['id', '=', -1]]]])).toEqual([]);
    });

    test('faults: UserError 2, AccessDenied 3, AccessError 4, internal 1 without a trace; always HTTP 200 text/xml', async () => {
      await expect(xmlCall('object', 'execute_kw', [db, 2, 'admin', 'no.such.model', 'search', [[]]])).rejects.toMatchObject({ faultCode: 2, faultString: expect.stringMatching(/no\.such\.model/) });
      await expect(xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', 'create', [{ nope: 1 }]])).rejects.toMatchObject({ faultCode: 2 });
      await expect(xmlCall('object', 'execute_kw', [db, 2, 'wrong', 'res.partner', 'search', [[]]])).rejects.toMatchObject({ faultCode: 3 });
      await expect(xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', '_check_name', [[1]]])).rejects.toMatchObject({ faultCode: 4 });
      await expect(xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', 'read', [[999999], ['name']]])).rejects.toMatchObject({ faultCode: 2, faultString: expect.stringMatching(/does not exist/) });
      await expect(xmlCall('object', 'nonsense', [db, 2, 'admin'])).rejects.toMatchObject({ faultString: expect.stringMatching(/not available/) });
      await expect(xmlCall('object', 'execute_kw', [])).rejects.toMatchObject({ faultCode: 3 });
      const response = await fetch(`${s.url}/xmlrpc/2/object`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<methodCall><oops' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
      const text = await response.text();
      expect(text).toMatch(/<fault>/);
      expect(text).toMatch(/<name>faultCode<\/name><value><int>2<\/int>/);
    });
  });

  describe('web session', () => {
    test('authenticate sets an HttpOnly SameSite=Lax session_id cookie; session info; destroy', async () => {
      const response = await s.post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: 1, params: { db, login: 'admin', password: 'admin' } });
      const cookie = response.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^session_id=[A-Za-z0-9_-]{40,}; /);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
      expect(response.body.result).toMatchObject({ uid: 2, username: 'admin', db, is_system: true, user_context: { lang: 'en_US' } });
      const sid = cookie.split(';')[0];
      const info = await s.post('/web/session/get_session_info', { jsonrpc: '2.0', method: 'call', id: 2, params: {} }, { Cookie: sid });
      expect(info.body.result).toMatchObject({ uid: 2, username: 'admin' });
      const destroyed = await s.post('/web/session/destroy', { jsonrpc: '2.0', method: 'call', id: 3, params: {} }, { Cookie: sid });
      expect(destroyed.body.error).toBeUndefined();
      const after = await s.post('/web/session/get_session_info', { jsonrpc: '2.0', method: 'call', id: 4, params: {} }, { Cookie: sid });
      expect(after.body.error).toMatchObject({ code: 100, message: 'Odoo Session Expired', data: { name: 'odoo.http.SessionExpiredException', message: 'Session expired' } });
    });

    test('wrong password on /web/session/authenticate is AccessDenied and sets no cookie', async () => {
      const response = await s.post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: 1, params: { db, login: 'nobody-here', password: 'x' } });
      expectOdooError(response.body, 'odoo.exceptions.AccessDenied');
      expect(response.headers.get('set-cookie')).toBeNull();
    });

    test('no session or a forged one: code 100 on call_kw, call_button and get_session_info', async () => {
      for (const route of ['/web/dataset/call_kw/res.partner/create', '/web/dataset/call_button', '/web/session/get_session_info']) {
        for (const headers of [{}, { Cookie: 'session_id=forged' }] as Array<Record<string, string>>) {
          const { status, body } = await s.post(route, { jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'create', args: [{ name: 'No Session' }], kwargs: {} } }, headers);
          expect(status).toBe(200);
          expect(body.error).toMatchObject({ code: 100, data: { name: 'odoo.http.SessionExpiredException' } });
        }
      }
      expect(await partnerCount('No Session')).toBe(0);
    });

    test('call_kw: positional and keyword forms, context, create returns id or ids', async () => {
      const id = await admin.callKw('res.partner', 'create', [{ name: 'Call KW' }]);
      expect(Number.isInteger(id)).toBe(true);
      expect(await admin.callKw('res.partner', 'create', [[{ name: 'Call KW 2' }]])).toHaveLength(1);
      expect(await admin.callKw('res.partner', 'search_read', [], { domain: [['id', '=', id]], fields: ['name'] })).toEqual([{ id, name: 'Call KW' }]);
      expect(await admin.callKw('res.partner', 'read', [id, ['name']])).toEqual([{ id, name: 'Call KW' }]);
      expect(await admin.callKw('res.partner', 'name_search', ['Call KW'], { limit: 1 })).toEqual([[id, 'Call KW']]);
      expect(await admin.callKw('res.users', 'has_group', [[2], 'base.group_system'])).toBe(true);
      expect(await admin.callKw('res.partner', 'default_get', [['type', 'active']])).toEqual({ type: 'contact', active: true });
      expect(Object.keys(await admin.callKw('res.partner', 'fields_get', [], { attributes: ['type'] }))).toContain('commercial_partner_id');
      await admin.callKw('res.partner', 'write', [[id], { active: false }]);
      expect(await admin.callKw('res.partner', 'search_count', [[['id', '=', id]]])).toBe(0);
      expect(await admin.callKw('res.partner', 'search_count', [[['id', '=', id]]], { context: { active_test: false } })).toBe(1);
    });

    test('call_button returns false for non-dict results and runs the button', async () => {
      const id = await admin.callKw('res.partner', 'create', [{ name: 'Button' }]);
      expect(await admin.call('/web/dataset/call_button', { model: 'res.partner', method: 'action_archive', args: [[id]], kwargs: {} })).toBe(false);
      expect(await admin.callKw('res.partner', 'read', [[id], ['active']])).toEqual([{ id, active: false }]);
    });
  });

  describe('errors and bad input (nothing written)', () => {
    const kw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
      s.post(`/web/dataset/call_kw/${model}/${method}`, { jsonrpc: '2.0', method: 'call', id: ++seq, params: { model, method, args, kwargs } }, { Cookie: admin.cookie! }).then((r) => r.body);

    test.each([
      ['unknown model', 'no.such.model', 'create', [{ name: 'BAD-1' }], 'odoo.exceptions.UserError', /no\.such\.model/],
      ['unknown method', 'res.partner', 'frobnicate', [[1]], 'odoo.exceptions.AccessError', /frobnicate/],
      ['unknown field', 'res.partner', 'create', [{ name: 'BAD-1', nope: 1 }], 'odoo.exceptions.ValidationError', /nope/],
      ['wrong value type', 'res.partner', 'create', [{ name: 'BAD-1', customer_rank: 'many' }], 'odoo.exceptions.ValidationError', /customer_rank/],
      ['wrong many2one', 'res.partner', 'create', [{ name: 'BAD-1', country_id: 'US' }], 'odoo.exceptions.ValidationError', /country_id/],
      ['missing foreign record', 'res.partner', 'create', [{ name: 'BAD-1', country_id: 999999 }], 'odoo.exceptions.ValidationError', /referenced record/],
      ['wrong selection', 'res.partner', 'create', [{ name: 'BAD-1', type: 'alien' }], 'odoo.exceptions.ValidationError', /type/],
      ['vals not a dict', 'res.partner', 'create', ['BAD-1'], 'odoo.exceptions.ValidationError', /dictionary/],
      ['bad ids', 'res.partner', 'write', ['x', { name: 'BAD-1' }], 'odoo.exceptions.ValidationError', /record id/],
      ['missing required field', 'res.company', 'create', [{ email: 'BAD-1' }], 'odoo.exceptions.ValidationError', /name/],
      ['missing required field (users)', 'res.users', 'create', [{ name: 'BAD-1' }], 'odoo.exceptions.ValidationError', /"Login" is required/],
      ['non-public method', 'res.partner', '_check_name', [[1]], 'odoo.exceptions.AccessError', /Private methods/],
      ['non-public dunder', 'res.partner', 'constructor', [], 'odoo.exceptions.AccessError', /Private methods/],
      ['non-public helper', 'res.partner', 'address_get', [[1]], 'odoo.exceptions.AccessError', /cannot be called/],
      ['missing record', 'res.partner', 'write', [[999999], { name: 'BAD-1' }], 'odoo.exceptions.MissingError', /does not exist/],
      ['unique violation (and the partner it created first is rolled back)', 'res.users', 'create', [{ name: 'BAD-1', login: 'admin' }], 'odoo.exceptions.ValidationError', /same login/],
    ])('%s', async (_label, model, method, args, name, message) => {
      const before = await partnerCount('BAD-1');
      expectOdooError(await kw(model, method, args), name, message);
      expect(await partnerCount('BAD-1')).toBe(before);
      expect((await executeKw('res.company', 'search_count', [[['email', '=', 'BAD-1']]])).result).toBe(0);
    });

    test.each([
      ['unknown operator', [['name', 'between', 'a']], /operator/],
      ['unknown field in domain', [['nope', '=', 1]], /nope/],
      ['malformed domain', ['|', ['name', '=', 'x']], /operands/],
      ['domain not a list', 'name = x', /list/],
      ['wrong value type in domain', [['customer_rank', '=', 'abc']], /integer/],
    ])('search with %s is a ValidationError', async (_label, domain, message) => {
      expectOdooError(await kw('res.partner', 'search_read', [domain], { fields: ['name'] }), 'odoo.exceptions.ValidationError', message);
      const data = expectOdooError(await kw('res.partner', 'write', [[1], { name: 'BAD-2' }]).then(async () => kw('res.partner', 'search', [domain])), 'odoo.exceptions.ValidationError');
      expect(data.message).toMatch(message);
    });

    test('an error rolls back everything the call did (x2many creates before a failing constraint)', async () => {
      const body = await kw('res.partner', 'create', [{ name: 'BAD-3 parent', child_ids: [[0, 0, { name: 'BAD-3 child' }], [0, 0, { name: 'BAD-3 child 2', country_id: 999999 }]] }]);
      expectOdooError(body, 'odoo.exceptions.ValidationError');
      expect((await executeKw('res.partner', 'search_count', [[['name', 'like', 'BAD-3']]])).result).toBe(0);
    });

    test('a user without rights: AccessError on res.company write and ir.config_parameter read; nothing written', async () => {
      const userGroup = await groupId('base.group_user');
      await admin.callKw('res.users', 'create', [{ name: 'Plain RPC', login: 'plain-rpc', password: 'plain-pass', groups_id: [[6, 0, [userGroup]]] }]);
      const plain = await s.login('plain-rpc', 'plain-pass');
      const company = await plain.callKw('res.company', 'read', [[1], ['name']]);
      expect(company).toEqual([{ id: 1, name: 'My Company' }]);
      for (const [model, method, args] of [
        ['res.company', 'write', [[1], { name: 'Hacked' }]],
        ['res.company', 'create', [{ name: 'Hacked Co' }]],
        ['ir.config_parameter', 'search_read', [[]]],
        ['ir.config_parameter', 'create', [{ key: 'hack', value: '1' }]],
        ['res.users', 'write', [[2], { login: 'hacked' }]],
        ['ir.cron', 'search', [[]]],
      ] as Array<[string, string, unknown[]]>) {
        const error = await plain.callKw(model, method, args).catch((e) => e);
        expect(error).toBeInstanceOf(RpcError);
        expect(error.code).toBe(200);
        expect(error.data.name).toBe('odoo.exceptions.AccessError');
      }
      // a plain user cannot grant itself Settings
      const uid = (await plain.call('/web/session/get_session_info', {})).uid;
      const systemGroup = await groupId('base.group_system');
      const escalate = await plain.callKw('res.users', 'write', [[uid], { groups_id: [[4, systemGroup]] }]).catch((e) => e);
      expect(escalate.data.name).toBe('odoo.exceptions.AccessError');
      expect(await admin.callKw('res.users', 'has_group', [[uid], 'base.group_system']).catch(() => null)).not.toBe(undefined);
      expect(await plain.callKw('res.users', 'has_group', [[uid], 'base.group_system'])).toBe(false);
      expect(await admin.callKw('res.company', 'read', [[1], ['name']])).toEqual([{ id: 1, name: 'My Company' }]);
      expect(await admin.callKw('res.users', 'search_count', [[['login', '=', 'hacked']]])).toBe(0);
      expect(await admin.callKw('ir.config_parameter', 'search_count', [[['key', '=', 'hack']]])).toBe(0);
    });

    test('malformed JSON is HTTP 400; wrong content type 400; non-object body 400', async () => {
      const bad = await s.post('/web/dataset/call_kw', '{"jsonrpc": "2.0", "params": {', { Cookie: admin.cookie! });
      expect(bad.status).toBe(400);
      const wrongType = await fetch(`${s.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
      expect(wrongType.status).toBe(400);
      expect((await s.post('/jsonrpc', '[1, 2]')).status).toBe(400);
    });

    test('oversized body is refused (413 on JSON, a fault on XML-RPC) and nothing is written', async () => {
      const limit = s.app.config.maxBodyBytes;
      s.app.config.maxBodyBytes = 4096;
      try {
        const big = { jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'create', args: [{ name: 'BAD-BIG', comment: 'x'.repeat(10_000) }], kwargs: {} } };
        const response = await s.post('/web/dataset/call_kw', big, { Cookie: admin.cookie! });
        expect(response.status).toBe(413);
        await expect(xmlCall('object', 'execute_kw', [db, 2, 'admin', 'res.partner', 'create', [{ name: 'BAD-BIG', comment: 'x'.repeat(10_000) }]])).rejects.toMatchObject({ faultCode: 2 });
      } finally {
        s.app.config.maxBodyBytes = limit;
      }
      expect(await partnerCount('BAD-BIG')).toBe(0);
    });

    test('every error name is one of Odoo\'s', () => {
      expect(ODOO_ERROR_NAMES).toHaveLength(5);
    });
  });
});
