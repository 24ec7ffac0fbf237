/**
 * Hostile input over the real HTTP server: SQL injection through every name the client chooses,
 * malformed and oversized JSON-RPC / XML-RPC bodies, and the bad-argument cases the fuzzer found.
 */
import { request } from 'node:http';
import { startTestServer, type RpcClient, type TestServer } from '../../support/server';
import { captureInternalErrors, checkOutcome, rawCallKw, securityEngine, tableChecksums, tableNames } from './helpers';

jest.setTimeout(120_000);
const engine = securityEngine();
const TABLES = ['res_partner', 'sale_order', 'sale_order_line', 'account_move', 'account_move_line', 'res_users', 'res_company'];

describe(`hostile input on ${engine}`, () => {
  let s: TestServer;
  let admin: RpcClient;
  let internal: unknown[];
  let tablesBefore: string[];
  let partnerId: number;
  let orderId: number;
  let moveId: number;

  beforeAll(async () => {
    internal = captureInternalErrors();
    s = await startTestServer(engine, { addons: ['sale_amazon'] });
    admin = await s.login('admin', 'admin');
    partnerId = await admin.callKw('res.partner', 'create', [{ name: 'Injection Target' }]);
    const [product] = await admin.callKw('product.product', 'search', [[]], { limit: 1 });
    orderId = await admin.callKw('sale.order', 'create', [{ partner_id: partnerId, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] }]);
    moveId = await admin.callKw('account.move', 'create', [{ move_type: 'out_invoice', partner_id: partnerId }]);
    tablesBefore = await tableNames(s);
  });
  afterAll(async () => {
    try {
      // The database survived everything below.
      if (s) expect(await tableNames(s)).toEqual(tablesBefore);
      expect(internal).toEqual([]);
    } finally {
      await s?.close();
    }
  });

  const kw = (model: unknown, method: unknown, args: unknown, kwargs: unknown = {}) => rawCallKw(s, admin.cookie!, model, method, args, kwargs);
  /** The call is refused with a clear Odoo error and writes nothing. */
  async function refused(model: unknown, method: unknown, args: unknown, kwargs: unknown = {}, name?: string): Promise<string> {
    const before = await tableChecksums(s, TABLES);
    const body = await kw(model, method, args, kwargs);
    const error = checkOutcome(body, `${String(model)}.${String(method)}`);
    expect(error).not.toBeNull();
    if (name) expect(error!.name).toBe(name);
    expect(await tableChecksums(s, TABLES)).toEqual(before);
    return error!.message;
  }

  describe('SQL injection is refused', () => {
    const INJECTIONS = [
      'name; DROP TABLE res_partner', 'id desc, (select 1)', 'id desc; SELECT pg_sleep(3)', '(CASE WHEN (SELECT 1)=1 THEN id END)',
      'name")) OR 1=1 --', 'id asc NULLS FIRST, (SELECT password FROM res_users LIMIT 1)', 'id -- comment', 'name COLLATE "C"',
    ];

    test.each(INJECTIONS)('order %j on search_read, search and read_group', async (order) => {
      for (const model of ['res.partner', 'sale.order', 'account.move']) {
        expect(await refused(model, 'search_read', [[]], { fields: ['id'], order }, 'odoo.exceptions.ValidationError')).toMatch(/order/i);
        expect(await refused(model, 'search', [[]], { order }, 'odoo.exceptions.ValidationError')).toMatch(/order/i);
        await refused(model, 'read_group', [[], ['id:count'], ['partner_id']], { orderby: order }, 'odoo.exceptions.ValidationError');
      }
    });

    test.each([
      'name; DROP TABLE res_partner', 'id) FROM res_users; --', 'name", "password', '(SELECT password FROM res_users LIMIT 1)', '*',
    ])('field name %j in fields, values, domains and groupby', async (field) => {
      await refused('res.partner', 'search_read', [[]], { fields: ['name', field] });
      await refused('res.partner', 'read', [[partnerId], [field]]);
      await refused('res.partner', 'create', [{ name: 'Injected', [field]: 'x' }], {}, 'odoo.exceptions.ValidationError');
      await refused('res.partner', 'write', [[partnerId], { [field]: 'x' }], {}, 'odoo.exceptions.ValidationError');
      await refused('res.partner', 'search_read', [[[field, '=', 1]]], {}, 'odoo.exceptions.ValidationError');
      await refused('res.partner', 'search_read', [[[`parent_id.${field}`, '=', 1]]], {}, 'odoo.exceptions.ValidationError');
      await refused('res.partner', 'read_group', [[], ['id:count'], [field]], {}, 'odoo.exceptions.ValidationError');
      await refused('res.partner', 'read_group', [[], ['id:count'], [`create_date:${field}`]], {}, 'odoo.exceptions.ValidationError');
      await refused('res.partner', 'read_group', [[], [`x:sum(${field})`], ['parent_id']], {}, 'odoo.exceptions.ValidationError');
    });

    test.each([
      '= 1 OR 1=1 --', "= ANY(ARRAY[1]) OR 'a'='a", 'in (select id from res_users)', '; DROP TABLE res_partner', 'like/**/', 'ILIKE ANY',
    ])('operator %j', async (operator) => {
      expect(await refused('res.partner', 'search_read', [[['name', operator, 'x']]], {}, 'odoo.exceptions.ValidationError')).toMatch(/operator/);
    });

    test('values are parameters: quotes and SQL in a value match literally', async () => {
      const evil = "x' OR '1'='1'; DROP TABLE res_partner; --";
      const id = await admin.callKw('res.partner', 'create', [{ name: evil, comment: evil }]);
      expect(await admin.callKw('res.partner', 'search_read', [[['name', '=', evil]]], { fields: ['name', 'comment'] })).toEqual([{ id, name: evil, comment: evil }]);
      expect(await admin.callKw('res.partner', 'search_count', [[['name', '=', "x' OR '1'='1"]]])).toBe(0);
      expect(await admin.callKw('res.partner', 'search_count', [[['name', 'ilike', "%' OR 1=1 --"]]])).toBe(0);
      await refused('res.partner', 'search_count', [[['id', 'in', ['1) OR (1=1']]]], {}, 'odoo.exceptions.ValidationError');
      // a many2one searched by name goes through the comodel's name search, parameterised too
      expect(await admin.callKw('sale.order', 'search_count', [[['partner_id', 'ilike', "' OR 1=1 --"]]])).toBe(0);
    });

    test.each([
      ['res.partner', 'search; DROP TABLE res_partner'], ['res.partner', '__proto__'], ['res.partner', 'constructor'], ['res.partner', 'toString'],
      ['res.partner', 'hasOwnProperty'], ['res.partner', 'sudo'], ['res.partner', 'browse'], ['res.partner', 'env'], ['res.partner', '_read'],
      ['res.partner', 'fetch'], ['res.partner', 'withContext'], ['res.users', '_checkCredentials'], ['res.partner', 'then'],
      ['res.partner; DROP TABLE res_partner', 'search'], ['__proto__', 'search'], ['constructor', 'search'], ['toString', 'search'],
      ['ir.config_parameter"; --', 'search_read'], ['', 'search'], [7, 'search'], ['res.partner', 7], ['res.partner', ['search']],
    ])('model %j, method %j', async (model, method) => {
      await refused(model, method, [[partnerId]]);
    });

    test('context keys and values cannot inject SQL or change the user', async () => {
      const contexts = [
        { lang: "en_US'; DROP TABLE res_partner; --", tz: "UTC'; DROP TABLE res_users; --" },
        { "'; DROP TABLE res_partner; --": 1, 'active_test': "false'--" },
        { uid: 1, su: true, allowed_company_ids: ['1) OR (1=1'] },
        { allowed_company_ids: "1; DROP TABLE res_company" },
        { default_name: "'); DROP TABLE res_partner; --" },
      ];
      for (const context of contexts) {
        const body = await kw('res.partner', 'search_read', [[['id', '=', partnerId]]], { fields: ['name'], context });
        const error = checkOutcome(body, JSON.stringify(context));
        if (!error) expect(body.result).toEqual([{ id: partnerId, name: 'Injection Target' }]);
        const created = await kw('res.partner', 'create', [{ name: 'Ctx Injection' }], { context });
        checkOutcome(created, JSON.stringify(context));
      }
      // uid/su from the context never make the call privileged: an ordinary user stays ordinary.
      const userGroup = await groupId('base.group_user');
      await admin.callKw('res.users', 'create', [{ name: 'Ctx User', login: 'ctx-user', password: 'ctx-user-pass', groups_id: [[6, 0, [userGroup]]] }]);
      const plain = await s.login('ctx-user', 'ctx-user-pass');
      const body = await rawCallKw(s, plain.cookie!, 'ir.config_parameter', 'search_read', [[]], { context: { uid: 1, su: true } });
      expect(checkOutcome(body)!.name).toBe('odoo.exceptions.AccessError');
    });
  });

  async function groupId(xmlid: string): Promise<number> {
    const [module, name] = xmlid.split('.');
    const [row] = await admin.callKw('ir.model.data', 'search_read', [[['module', '=', module], ['name', '=', name]]], { fields: ['res_id'] });
    return row.res_id;
  }

  describe('bad arguments found by the fuzzer are clear errors, not internal ones', () => {
    test.each([
      ['read_group groupby not a text', 'sale.order', 'read_group', [[], ['id:count'], 5], {}],
      ['read_group groupby list with a number', 'sale.order', 'read_group', [[], ['id:count'], ['partner_id', 3]], {}],
      ['read_group fields not a list', 'sale.order', 'read_group', [[], 'amount_total', ['partner_id']], {}],
      ['read_group fields with a null', 'sale.order', 'read_group', [[], [null], ['partner_id']], {}],
      ['read_group negative limit', 'sale.order', 'read_group', [[], ['id:count'], ['partner_id']], { limit: -6 }],
      ['read_group fractional offset', 'sale.order', 'read_group', [[], ['id:count'], ['partner_id']], { offset: 1.5 }],
      ['read_group orderby not a text', 'sale.order', 'read_group', [[], ['id:count'], ['partner_id']], { orderby: ['partner_id'] }],
      ['search_read negative limit', 'sale.order', 'search_read', [[]], { limit: -1 }],
      ['search order not a text', 'sale.order', 'search', [[]], { order: 5 }],
      ['invoice create with null values', 'account.move', 'create', [null], {}],
      ['invoice create with a list holding null', 'account.move', 'create', [[{ move_type: 'out_invoice' }, null]], {}],
      ['invoice write with null values', 'account.move', 'write', [[0], null], {}],
      ['invoice move_type not a text', 'account.move', 'create', [{ move_type: 5 }], {}],
      ['invoice move_type unknown', 'account.move', 'create', [{ move_type: 'out_bribe' }], {}],
      ['invoice lines not commands', 'account.move', 'create', [{ move_type: 'out_invoice', invoice_line_ids: 'lines' }], {}],
      ['invoice line values of the wrong type', 'account.move', 'create', [{ move_type: 'out_invoice', invoice_line_ids: [[0, 0, { quantity: 'many', price_unit: 'NaN' }]] }], {}],
      ['order line values of the wrong type', 'sale.order', 'write', [[0], { order_line: [[0, 0, { product_id: 'abc' }]] }], {}],
      ['order partner not an id', 'sale.order', 'create', [{ partner_id: { id: 1 } }], {}],
      ['order date not a date', 'sale.order', 'create', [{ partner_id: 0, date_order: '2026-02-30 25:61:00' }], {}],
      ['partner amount out of range', 'res.partner', 'create', [{ name: 'Big', customer_rank: 2 ** 40 }], {}],
      ['partner name not a text', 'res.partner', 'create', [{ name: { $ne: null } }], {}],
      ['default_get with a number for the field list', 'sale.order', 'default_get', [5], {}],
      ['a NUL character in a text', 'res.partner', 'create', [{ name: 'nul\u0000byte' }], {}],
      ['a NUL character in a write', 'res.partner', 'write', [[0], { comment: '\u0000' }], {}],
      ['float NaN-like strings', 'sale.order', 'write', [[0], { order_line: [[0, 0, { product_uom_qty: 'Infinity' }]] }], {}],
    ] as Array<[string, string, string, unknown[], Record<string, unknown>]>)('%s', async (_label, model, method, args, kwargs) => {
      // ids 0 stand for this suite's records
      const fix = (value: unknown): unknown => (Array.isArray(value) && value.length === 1 && value[0] === 0 ? [model === 'sale.order' ? orderId : model === 'res.partner' ? partnerId : moveId] : value);
      const realArgs = args.map(fix).map((a) => (a && typeof a === 'object' && !Array.isArray(a) && (a as any).partner_id === 0 ? { ...a, partner_id: partnerId } : a));
      const message = await refused(model, method, realArgs, kwargs);
      expect(message).not.toMatch(/internal error/);
    });
  });

  describe('malformed and oversized bodies', () => {
    const raw = (path: string, body: string, type = 'application/json') => fetch(`${s.url}${path}`, { method: 'POST', headers: { 'Content-Type': type, Cookie: admin.cookie! }, body });
    const stillServing = async () => {
      expect(await admin.callKw('res.partner', 'search_count', [[['id', '=', partnerId]]])).toBe(1);
    };

    test.each([
      ['invalid JSON', '{"jsonrpc": "2.0", "params": {'],
      ['a JSON array (batch)', '[{"jsonrpc":"2.0","method":"call","params":{}}]'],
      ['a JSON string', '"call"'],
      ['null', 'null'],
      ['empty', ''],
      ['binary garbage', '\u0000\u0001\u00ff{{{'],
      ['deeply nested arrays', '['.repeat(200_000) + ']'.repeat(200_000)],
    ])('%s: HTTP 400 with a readable text, server still serving', async (_label, body) => {
      for (const path of ['/jsonrpc', '/web/dataset/call_kw', '/web/session/authenticate']) {
        const response = await raw(path, body);
        expect(response.status).toBe(400);
        const text = await response.text();
        expect(text).toMatch(/JSON/);
        expect(text).not.toMatch(/\n\s+at /);
      }
      await stillServing();
    });

    test.each([
      ['missing params', { jsonrpc: '2.0', method: 'call', id: 1 }],
      ['params a string', { jsonrpc: '2.0', method: 'call', id: 1, params: 'search' }],
      ['params an array', { jsonrpc: '2.0', method: 'call', id: 1, params: ['res.partner', 'search'] }],
      ['args not a list', { jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'search', args: { a: 1 }, kwargs: {} } }],
      ['kwargs a list', { jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'search', args: [], kwargs: [1] } }],
      ['deeply nested domain', { jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'search', args: [JSON.parse('['.repeat(3000) + ']'.repeat(3000))], kwargs: {} } }],
      ['deeply nested values', { jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'create', args: [{ name: 'Nested', child_ids: JSON.parse('[[0,0,{"child_ids":'.repeat(300) + '[]' + '}]]'.repeat(300)) }], kwargs: {} } }],
    ])('call_kw with %s: a clear Odoo error', async (_label, body) => {
      const before = await tableChecksums(s, TABLES);
      const response = await s.post('/web/dataset/call_kw', body, { Cookie: admin.cookie! });
      expect(response.status).toBe(200);
      checkOutcome(response.body, _label);
      expect(response.body.error).toBeDefined();
      expect(await tableChecksums(s, TABLES)).toEqual(before);
    });

    test('/jsonrpc with missing or wrong service arguments: a clear Odoo error', async () => {
      for (const params of [{}, { service: 'object' }, { service: 'object', method: 'execute_kw', args: 'x' }, { service: 'object', method: 'execute_kw', args: [s.app.db.name, 2, 'admin', 'res.partner'] },
        { service: 'nope', method: 'x', args: [] }, { service: 'common', method: 'login', args: [null, { $gt: '' }, ['admin']] }]) {
        const response = await s.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', id: 1, params });
        expect(response.status).toBe(200);
        if (response.body.error) checkOutcome(response.body, JSON.stringify(params));
        else expect(response.body.result).toBe(false);
      }
    });

    test('oversized JSON-RPC bodies: 413 whether the length is declared or streamed; nothing written', async () => {
      const limit = s.app.config.maxBodyBytes;
      s.app.config.maxBodyBytes = 64 * 1024;
      try {
        const big = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'create', args: [{ name: 'Too Big', comment: 'x'.repeat(200_000) }], kwargs: {} } });
        const declared = await raw('/web/dataset/call_kw', big);
        expect(declared.status).toBe(413);
        expect(await declared.text()).toMatch(/too large/);
        // chunked: no Content-Length, the limit is enforced while reading
        const streamed = await new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = request(`${s.url}/web/dataset/call_kw`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: admin.cookie!, 'Transfer-Encoding': 'chunked' } }, (res) => {
            let text = '';
            res.on('data', (c) => { text += c; });
            res.on('end', () => resolve({ status: res.statusCode!, text }));
          });
          req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: 413, text: 'closed while sending' }) : reject(error)));
          for (let i = 0; i < big.length; i += 16 * 1024) req.write(big.slice(i, i + 16 * 1024));
          req.end();
        });
        expect(streamed.status).toBe(413);
      } finally {
        s.app.config.maxBodyBytes = limit;
      }
      expect(await admin.callKw('res.partner', 'search_count', [[['name', '=', 'Too Big']]])).toBe(0);
      await stillServing();
    });

    test('a huge but allowed string is stored whole or refused cleanly', async () => {
      const name = 'é'.repeat(300_000);
      const body = await kw('res.partner', 'create', [{ name: 'Huge comment', comment: name }]);
      if (!checkOutcome(body)) {
        const [row] = await admin.callKw('res.partner', 'read', [[body.result], ['comment']]);
        expect(row.comment).toBe(name);
      }
    });

    const xml = (path: string, body: string) => fetch(`${s.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body });
    const faultOf = async (response: Response) => {
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/<fault>/);
      expect(text).not.toMatch(/\n\s+at |internal error/);
      const code = Number(/<name>faultCode<\/name><value><int>(\d+)</.exec(text)![1]);
      const message = /<name>faultString<\/name><value><string>([^<]*)</.exec(text)![1];
      return { code, message };
    };

    test.each([
      ['garbage', 'this is not xml <<<'],
      ['a truncated call', '<?xml version="1.0"?><methodCall><methodName>version</methodName><params><param><value><int>'],
      ['no methodCall', '<?xml version="1.0"?><foo/>'],
      ['an unknown value type', '<methodCall><methodName>version</methodName><params><param><value><blob>1</blob></value></param></params></methodCall>'],
      ['a bad int', '<methodCall><methodName>version</methodName><params><param><value><int>1e9999</int></value></param></params></methodCall>'],
      ['a JSON body', '{"service": "common"}'],
      ['an empty body', ''],
    ])('XML-RPC with %s: a fault with a message, server still serving', async (_label, body) => {
      const fault = await faultOf(await xml('/xmlrpc/2/common', body));
      expect(fault.code).toBe(2);
      expect(fault.message).toMatch(/XML-RPC|XML/);
      await stillServing();
    });

    test('XML entity expansion (billion laughs) is refused quickly, not expanded', async () => {
      const entities = ['<!ENTITY lol "lollollollollollollollollollol">'];
      for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
      const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join('')}]><methodCall><methodName>execute_kw</methodName><params><param><value><string>&lol9;</string></value></param></params></methodCall>`;
      const started = Date.now();
      // the database name is echoed in the refusal: an expanded entity would show
      const response = await xml('/xmlrpc/2/object', bomb);
      const text = await response.text();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(text.length).toBeLessThan(10_000);
      expect(text).toMatch(/<fault>/);
      // an external entity is not fetched or read either
      const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><methodCall><methodName>execute_kw</methodName><params><param><value><string>&xxe;</string></value></param></params></methodCall>';
      const xxeText = await (await xml('/xmlrpc/2/object', xxe)).text();
      expect(xxeText).toMatch(/<fault>/);
      expect(xxeText).not.toMatch(/root:/);
      await stillServing();
    });

    test('XML-RPC deeply nested arrays and oversized bodies: a fault, server still serving', async () => {
      const depth = 20_000;
      const nested = `<methodCall><methodName>version</methodName><params><param>${'<value><array><data>'.repeat(depth)}${'</data></array></value>'.repeat(depth)}</param></params></methodCall>`;
      const fault = await faultOf(await xml('/xmlrpc/2/common', nested));
      expect(fault.code).toBe(2);
      const limit = s.app.config.maxBodyBytes;
      s.app.config.maxBodyBytes = 64 * 1024;
      try {
        const big = `<methodCall><methodName>execute_kw</methodName><params><param><value><string>${'x'.repeat(200_000)}</string></value></param></params></methodCall>`;
        const oversized = await faultOf(await xml('/xmlrpc/2/object', big));
        expect(oversized.message).toMatch(/too large/);
      } finally {
        s.app.config.maxBodyBytes = limit;
      }
      await stillServing();
    });
  });
});
