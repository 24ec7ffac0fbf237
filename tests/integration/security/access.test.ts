/**
 * Who may do what over the real HTTP server: anonymous access per route, each group's rights,
 * multi-company isolation, secrets never read back, session cookies, login throttling, and the
 * developer-mode-only Last Order Sync and Sync buttons.
 */
import { join } from 'node:path';
import type { HttpRoute, JsonRoute } from '../../../addons/base/http/routes';
import { ROOT } from '../../../addons/base/loader/manifest';
import { kernelJsonRoutes } from '../../../addons/base/rpc/kernel_routes';
import { startTestServer, RpcError, type RpcClient, type TestServer } from '../../support/server';
import { captureInternalErrors, checkOutcome, rawCallKw, securityEngine } from './helpers';

jest.setTimeout(120_000);
const engine = securityEngine();

const REFRESH_TOKEN = 'Atzr|SECRET-REFRESH-TOKEN-7f3a9c';
const CLIENT_SECRET = 'amzn1.oa2-cs.v1.SECRET-CLIENT-SECRET-55d1';
const PASSWORD = 'Pa55-word-never-shown';

describe(`access control on ${engine}`, () => {
  let s: TestServer;
  let admin: RpcClient;
  let internal: unknown[];
  const ids: Record<string, number> = {};
  const users: Record<string, RpcClient> = {};
  let jsonRoutes: JsonRoute[];
  let httpRoutes: HttpRoute[];

  const groupId = async (xmlid: string) => {
    const [module, name] = xmlid.split('.');
    const [row] = await admin.callKw('ir.model.data', 'search_read', [[['module', '=', module], ['name', '=', name]]], { fields: ['res_id'] });
    return row.res_id as number;
  };
  const ref = groupId;
  async function makeUser(login: string, groups: string[], companyIds?: number[]): Promise<RpcClient> {
    const vals: Record<string, unknown> = { name: login, login, password: PASSWORD, groups_id: [[6, 0, await Promise.all(groups.map(groupId))]] };
    if (companyIds) Object.assign(vals, { company_id: companyIds[0], company_ids: [[6, 0, companyIds]] });
    ids[`user_${login}`] = await admin.callKw('res.users', 'create', [vals]);
    return s.login(login, PASSWORD);
  }

  beforeAll(async () => {
    internal = captureInternalErrors();
    s = await startTestServer(engine, { addons: ['sale_amazon'] });
    admin = await s.login('admin', 'admin');
    // the routes the server serves, collected as it collects them
    jsonRoutes = [...kernelJsonRoutes];
    httpRoutes = [];
    for (const addon of s.app.order) {
      const entry = s.app.manifests.get(addon)?.entry;
      if (!entry) continue;
      const module = require(join(ROOT, entry));
      jsonRoutes.push(...(module.jsonRoutes ?? []));
      httpRoutes.push(...(module.httpRoutes ?? []));
    }

    await admin.callKw('ir.config_parameter', 'create', [{ key: 'sale_amazon.lwa_client_secret', value: CLIENT_SECRET }]);
    const us = await ref('sale_amazon.marketplace_us');
    ids.account = await admin.callKw('amazon.account', 'create', [{ name: 'Secret Account', seller_key: 'A1SELLER', refresh_token: REFRESH_TOKEN, base_marketplace_id: us }]);

    users.salesman = await makeUser('sec-salesman', ['sales_team.group_sale_salesman']);
    users.manager = await makeUser('sec-manager', ['sales_team.group_sale_manager']);
    users.stock = await makeUser('sec-stock', ['stock.group_stock_user']);

    // a second company with its own partner, order, delivery and invoice
    ids.companyB = await admin.callKw('res.company', 'create', [{ name: 'Company B' }]);
    users.companyA = await makeUser('sec-company-a', ['sales_team.group_sale_manager', 'stock.group_stock_user', 'account.group_account_invoice'], [1]);
    users.companyB = await makeUser('sec-company-b', ['sales_team.group_sale_manager', 'stock.group_stock_user', 'account.group_account_invoice'], [ids.companyB]);
    await s.database.commit(async (env) => {
      const sudo = env.sudo().withContext({ allowed_company_ids: [ids.companyB] });
      const partner = await sudo.model('res.partner').create({ name: 'Customer of B', company_id: ids.companyB });
      ids.partnerB = partner.ids[0];
      const [product] = (await sudo.model('product.product').create({ name: 'Security Widget', type: 'consu', company_id: false })).ids;
      ids.product = product;
      const order = await sudo.model('sale.order').create({ partner_id: ids.partnerB, company_id: ids.companyB, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] });
      ids.orderB = order.ids[0];
      await (order as any).action_confirm();
      ids.pickingB = (await sudo.model('stock.picking').search([['sale_id', '=', ids.orderB]])).ids[0];
      let journal = await sudo.model('account.journal').search([['type', '=', 'sale'], ['company_id', '=', ids.companyB]], { limit: 1 });
      if (!journal.length) journal = await sudo.model('account.journal').create({ name: 'Sales B', code: 'INVB', type: 'sale', company_id: ids.companyB });
      ids.invoiceB = (await sudo.model('account.move').create({ move_type: 'out_invoice', partner_id: ids.partnerB, company_id: ids.companyB, journal_id: journal.ids[0] })).ids[0];
    });
    // and the same in the main company
    ids.partnerA = await admin.callKw('res.partner', 'create', [{ name: 'Customer of A', company_id: 1 }]);
    ids.orderA = await admin.callKw('sale.order', 'create', [{ partner_id: ids.partnerA, order_line: [[0, 0, { product_id: ids.product, product_uom_qty: 1 }]] }]);
    await admin.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_confirm', args: [[ids.orderA]], kwargs: {} });
    [ids.pickingA] = await admin.callKw('stock.picking', 'search', [[['sale_id', '=', ids.orderA]]]);
    ids.invoiceA = await admin.callKw('account.move', 'create', [{ move_type: 'out_invoice', partner_id: ids.partnerA }]);
  });
  afterAll(async () => {
    try {
      expect(internal).toEqual([]);
    } finally {
      await s?.close();
    }
  });

  const denied = async (client: RpcClient, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, name = 'odoo.exceptions.AccessError') => {
    const error = await client.callKw(model, method, args, kwargs).then((result) => ({ allowed: `${model}.${method} answered ${JSON.stringify(result).slice(0, 200)}` }), (e) => e);
    expect(error.allowed ?? error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(200);
    expect(error.data.name).toBe(name);
    return error.data.message as string;
  };

  describe('anonymous access', () => {
    const ANONYMOUS_JSON = ['/jsonrpc', '/web/session/authenticate', '/web/session/destroy', '/web/webclient/version_info', '/web/database/list'];

    test('only login, logout, version and database list answer without a session', () => {
      expect(jsonRoutes.filter((r) => r.auth === 'none').map((r) => r.path).sort()).toEqual([...ANONYMOUS_JSON].sort());
      expect(jsonRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(['/web/dataset/call_kw', '/web/dataset/call_button', '/web/session/get_session_info', '/web/action/load', '/web/webclient/load_menus']));
    });

    test('every other JSON route answers "session expired" (code 100) to nobody and to a forged cookie', async () => {
      for (const route of jsonRoutes.filter((r) => r.auth !== 'none')) {
        for (const headers of [{}, { Cookie: 'session_id=forged-session-id' }, { 'X-Openerp-Session-Id': 'x'.repeat(500) }] as Array<Record<string, string>>) {
          const path = route.path === '/web/dataset/call_kw' ? '/web/dataset/call_kw/res.partner/search_read' : route.path;
          const { status, body } = await s.post(path, { jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'search_read', args: [[]], kwargs: {}, action_id: 'base.action_res_users' } }, headers);
          expect(status).toBe(200);
          expect(body.result).toBeUndefined();
          expect(body.error).toMatchObject({ code: 100, data: { name: 'odoo.http.SessionExpiredException' } });
        }
      }
    });

    test('/jsonrpc serves version and login anonymously; object calls need valid credentials', async () => {
      const version = await s.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'common', method: 'version', args: [] } });
      expect(version.body.result).toMatchObject({ server_version: '17.0' });
      for (const args of [[s.app.db.name, 2, 'wrong', 'res.partner', 'search', [[]]], [s.app.db.name, false, false, 'res.partner', 'search', [[]]], [s.app.db.name, 1, '', 'res.partner', 'search', [[]]], [s.app.db.name, 2, null, 'res.partner', 'search', [[]]]]) {
        const { body } = await s.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args } });
        expect(checkOutcome(body)!.name).toBe('odoo.exceptions.AccessDenied');
      }
      const db = await s.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'db', method: 'drop', args: ['admin', s.app.db.name] } });
      expect(checkOutcome(db.body)!.name).toBe('odoo.exceptions.AccessDenied');
    });

    test('user pages redirect to the login; the public shell carries no session data; static files stay in their folder', async () => {
      for (const route of httpRoutes.filter((r) => r.auth === 'user' && typeof r.path === 'string')) {
        const response = await fetch(`${s.url}${route.path as string}`, { method: route.method, redirect: 'manual' });
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toMatch(/^\/web\/login/);
      }
      for (const path of ['/', '/web', '/odoo', '/web/login', '/web?debug=1']) {
        const response = await fetch(`${s.url}${path}`, { redirect: 'manual' });
        const html = await response.text();
        expect(html).toContain('"__session_info__":null');
        expect(html).not.toMatch(/"uid":\d/);
        expect(html).not.toContain('Secret Account');
      }
      for (const path of ['/web/static/..%2F..%2Fpackage.json', '/web/static/%2e%2e/%2e%2e/package.json', '/base/static/../../../etc/passwd', '/web/static/dist/..%2f..%2f..%2faddons%2fbase%2findex.ts']) {
        const response = await fetch(`${s.url}${path}`);
        expect(response.status).toBe(404);
        expect(await response.text()).not.toMatch(/"dependencies"|root:|export const/);
      }
    });
  });

  describe('group rights', () => {
    test('a salesperson sees which Amazon accounts exist but never their credentials, and cannot change them or their sync cursor', async () => {
      const sp = users.salesman;
      // the design lets salespeople read accounts (to filter orders by account); credentials stay write-only
      const rows = await sp.callKw('amazon.account', 'search_read', [[]], {});
      expect(rows.map((r: any) => r.name)).toContain('Secret Account');
      expect(JSON.stringify(rows)).not.toContain(REFRESH_TOKEN);
      expect(rows[0]).not.toHaveProperty('last_orders_sync');
      expect(await sp.callKw('amazon.account', 'read', [[ids.account], ['refresh_token']])).toEqual([{ id: ids.account, refresh_token: false }]);
      await denied(sp, 'amazon.account', 'read', [[ids.account], ['last_orders_sync']]);
      await denied(sp, 'amazon.account', 'write', [[ids.account], { last_orders_sync: '2020-01-01 00:00:00' }]);
      await denied(sp, 'amazon.account', 'write', [[ids.account], { refresh_token: 'stolen' }]);
      await denied(sp, 'amazon.account', 'write', [[ids.account], { name: 'Renamed' }]);
      await denied(sp, 'amazon.account', 'unlink', [[ids.account]]);
      await denied(sp, 'amazon.sync.log', 'search_read', [[]]);
      await denied(sp, 'ir.config_parameter', 'search_read', [[['key', 'like', 'sale_amazon']]]);
      const sync = await sp.call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[ids.account]], kwargs: {} }).then(() => null, (e) => e);
      expect(sync).toBeInstanceOf(RpcError);
      expect(sync.data.name).toBe('odoo.exceptions.AccessError');
      const [after] = await admin.callKw('amazon.account', 'read', [[ids.account], ['name']]);
      expect(after.name).toBe('Secret Account');
    });

    test('a sales manager reads the account but never the refresh token, and cannot move Last Order Sync outside developer mode', async () => {
      const m = users.manager;
      const [row] = await m.callKw('amazon.account', 'read', [[ids.account], ['name', 'refresh_token']]);
      expect(row).toEqual({ id: ids.account, name: 'Secret Account', refresh_token: false });
      const all = await m.callKw('amazon.account', 'search_read', [[['id', '=', ids.account]]], {});
      expect(JSON.stringify(all)).not.toContain(REFRESH_TOKEN);
      expect(all[0]).not.toHaveProperty('last_orders_sync');
      await denied(m, 'amazon.account', 'write', [[ids.account], { last_orders_sync: '2020-01-01 00:00:00' }]);
      await denied(m, 'amazon.account', 'read', [[ids.account], ['last_orders_sync']]);
      await denied(m, 'amazon.account', 'search_read', [[['last_orders_sync', '<', '2100-01-01']]], {}, 'odoo.exceptions.ValidationError');
      // the Sync buttons are developer-mode only, over RPC too
      const sync = await m.call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[ids.account]], kwargs: {} }).then(() => null, (e) => e);
      expect(sync?.data?.name).toBe('odoo.exceptions.AccessError');
      // the token cannot be guessed through searches, groupings or sorting either
      for (const [method, args, kwargs] of [
        ['search_count', [[['refresh_token', '=like', 'Atzr%']]], {}],
        ['search_read', [[['refresh_token', '!=', false]]], { fields: ['name'] }],
        ['read_group', [[], ['id:count'], ['refresh_token']], {}],
        ['read_group', [[], ['t:max(refresh_token)'], ['name']], {}],
        ['search_read', [[]], { fields: ['name'], order: 'refresh_token' }],
      ] as Array<[string, unknown[], Record<string, unknown>]>) {
        const body = await rawCallKw(s, m.cookie!, 'amazon.account', method, args, kwargs);
        const error = checkOutcome(body, `${method} on refresh_token`);
        expect(error).not.toBeNull();
        expect(JSON.stringify(body)).not.toContain('SECRET');
      }
    });

    test('an inventory user reads the Moves History but not invoices or sales', async () => {
      const st = users.stock;
      const moves = await st.callKw('stock.move.line', 'search_read', [[]], { fields: ['product_id', 'location_id', 'location_dest_id', 'quantity'], limit: 5 });
      expect(Array.isArray(moves)).toBe(true);
      const pickings = await st.callKw('stock.picking', 'search_read', [[['id', '=', ids.pickingA]]], { fields: ['name'] });
      expect(pickings).toHaveLength(1);
      await denied(st, 'account.move', 'search_read', [[]], { fields: ['name'] });
      await denied(st, 'account.move', 'read', [[ids.invoiceA], ['amount_total']]);
      await denied(st, 'account.move.line', 'search_read', [[]]);
      await denied(st, 'amazon.account', 'search_read', [[]]);
      await denied(st, 'sale.order', 'write', [[ids.orderA], { client_order_ref: 'changed by stock' }]);
    });

    test('nobody but an administrator reads or writes system parameters; even the administrator never reads the LWA client secret', async () => {
      for (const client of [users.salesman, users.manager, users.stock]) {
        await denied(client, 'ir.config_parameter', 'search_read', [[]]);
        await denied(client, 'ir.config_parameter', 'create', [{ key: 'sale_amazon.lwa_client_secret', value: 'mine' }]);
      }
      const rows = await admin.callKw('ir.config_parameter', 'search_read', [[['key', '=', 'sale_amazon.lwa_client_secret']]], { fields: ['key', 'value'] });
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(CLIENT_SECRET);
      const read = await admin.callKw('ir.config_parameter', 'read', [[rows[0].id]]);
      expect(JSON.stringify(read)).not.toContain(CLIENT_SECRET);
      const all = await admin.callKw('ir.config_parameter', 'search_read', [[]]);
      expect(JSON.stringify(all)).not.toContain(CLIENT_SECRET);
      // nor guess it through searches, sorting or grouping on the value
      const prefix = CLIENT_SECRET.slice(0, 12);
      expect(await admin.callKw('ir.config_parameter', 'search_count', [[['key', '=', 'sale_amazon.lwa_client_secret'], ['value', '=like', `${prefix}%`]]])).toBe(0);
      expect(await admin.callKw('ir.config_parameter', 'search', [[['value', 'ilike', 'SECRET-CLIENT']]])).toEqual([]);
      expect(await admin.callKw('ir.config_parameter', 'search_read', [[['value', '=', CLIENT_SECRET]]], { fields: ['key'] })).toEqual([]);
      const grouped = await admin.callKw('ir.config_parameter', 'read_group', [[['key', 'like', 'sale_amazon']], ['id:count'], ['value']], { lazy: false });
      expect(JSON.stringify(grouped)).not.toContain(prefix);
      const ordered = await admin.callKw('ir.config_parameter', 'search_read', [[]], { fields: ['key'], order: 'value desc' });
      expect(ordered.map((r: any) => r.key)).not.toContain('sale_amazon.lwa_client_secret');
      // ordinary parameters stay searchable by value
      await admin.callKw('ir.config_parameter', 'create', [{ key: 'security.test.plain', value: 'plain-value-42' }]);
      expect(await admin.callKw('ir.config_parameter', 'search_count', [[['value', '=', 'plain-value-42']]])).toBe(1);
      // and it still works for the connector
      expect(await s.database.rollback((env) => (env.model('ir.config_parameter') as any).get_param('sale_amazon.lwa_client_secret'))).toBe(CLIENT_SECRET);
    });
  });

  describe('multi-company', () => {
    test('records of another company are invisible: partners, sale orders, deliveries, invoices', async () => {
      for (const [client, mine, theirs] of [
        [users.companyA, ['partnerA', 'orderA', 'pickingA', 'invoiceA'], ['partnerB', 'orderB', 'pickingB', 'invoiceB']],
        [users.companyB, ['partnerB', 'orderB', 'pickingB', 'invoiceB'], ['partnerA', 'orderA', 'pickingA', 'invoiceA']],
      ] as Array<[RpcClient, string[], string[]]>) {
        const models = ['res.partner', 'sale.order', 'stock.picking', 'account.move'];
        for (let i = 0; i < models.length; i++) {
          expect(await client.callKw(models[i], 'search', [[['id', 'in', [ids[mine[i]], ids[theirs[i]]]]]])).toEqual([ids[mine[i]]]);
          expect(await client.callKw(models[i], 'search_count', [[['id', '=', ids[theirs[i]]]]])).toBe(0);
          const error = await client.callKw(models[i], 'read', [[ids[theirs[i]]], ['name']]).then(() => null, (e) => e);
          expect(error?.data?.name).toMatch(/AccessError|MissingError/);
          const write = await client.callKw(models[i], 'write', [[ids[theirs[i]]], { name: 'Hijacked' }]).then(() => null, (e) => e);
          expect(write?.data?.name).toMatch(/AccessError|MissingError|ValidationError|UserError/);
          const groups = await client.callKw(models[i], 'read_group', [[['id', '=', ids[theirs[i]]]], ['id:count'], []]);
          expect(groups[0]?.__count ?? 0).toBe(0);
        }
      }
      // allowed_company_ids in the context cannot reach a company the user does not belong to
      const forced = await users.companyB.callKw('sale.order', 'search', [[['id', '=', ids.orderA]]], { context: { allowed_company_ids: [1] } });
      expect(forced).toEqual([]);
    });
  });

  describe('secrets', () => {
    test('passwords are never read back; fields_get marks nothing secret as readable', async () => {
      const [user] = await admin.callKw('res.users', 'read', [[ids.user_sec_salesman ?? ids['user_sec-salesman']], ['login', 'password']]);
      expect(user.password).toBe(false);
      const all = await admin.callKw('res.users', 'search_read', [[]], {});
      const text = JSON.stringify(all);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/scrypt|\$[0-9a-z]+\$/i);
      expect(await admin.callKw('res.users', 'search_count', [[['password', '!=', false]]]).catch((e) => e.data.name)).toMatch(/odoo\.exceptions\.(ValidationError|AccessError)/);
      const fields = await admin.callKw('amazon.account', 'fields_get', [], {});
      expect(JSON.stringify(fields)).not.toContain(REFRESH_TOKEN);
      const exported = await admin.callKw('amazon.account', 'search_read', [[]], { fields: Object.keys(fields) }).catch((e) => e);
      expect(JSON.stringify(exported)).not.toContain(REFRESH_TOKEN);
    });

    test('session info and the web client page carry no secret', async () => {
      const info = await admin.call('/web/session/get_session_info', {});
      const page = await (await fetch(`${s.url}/web`, { headers: { Cookie: admin.cookie! } })).text();
      for (const text of [JSON.stringify(info), page]) {
        expect(text).not.toContain(REFRESH_TOKEN);
        expect(text).not.toContain(CLIENT_SECRET);
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toMatch(/scrypt/);
        expect(text).not.toContain(admin.cookie!.split('=')[1]);
      }
    });

    test('error messages never echo a secret', async () => {
      const bodies = [
        await rawCallKw(s, admin.cookie!, 'amazon.account', 'write', [[ids.account], { refresh_token: 12 }]),
        await rawCallKw(s, admin.cookie!, 'amazon.account', 'create', [{ name: 'Dup', seller_key: 'A1SELLER', refresh_token: REFRESH_TOKEN, base_marketplace_id: 'x' }]),
        await rawCallKw(s, admin.cookie!, 'res.users', 'create', [{ name: 'Dup', login: 'admin', password: PASSWORD }]),
      ];
      for (const body of bodies) {
        checkOutcome(body);
        expect(JSON.stringify(body)).not.toContain(REFRESH_TOKEN);
        expect(JSON.stringify(body)).not.toContain(PASSWORD);
      }
    });
  });

  describe('sessions and login', () => {
    test('session cookies are HttpOnly and SameSite=Lax, rotated at login; logout ends the session', async () => {
      const first = await s.post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: 1, params: { db: s.app.db.name, login: 'sec-manager', password: PASSWORD } });
      const cookie = first.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      const sid = cookie.split(';')[0];
      const again = await s.post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: 1, params: { db: s.app.db.name, login: 'sec-manager', password: PASSWORD } }, { Cookie: sid });
      const sid2 = again.headers.get('set-cookie')!.split(';')[0];
      expect(sid2).not.toBe(sid);
      // the old id no longer works (no session fixation)
      expect((await s.post('/web/session/get_session_info', { jsonrpc: '2.0', id: 1, params: {} }, { Cookie: sid })).body.error.code).toBe(100);
      const logout = await s.post('/web/session/destroy', { jsonrpc: '2.0', id: 1, params: {} }, { Cookie: sid2 });
      expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0.*HttpOnly|HttpOnly.*Max-Age=0/);
      expect((await s.post('/web/session/get_session_info', { jsonrpc: '2.0', id: 1, params: {} }, { Cookie: sid2 })).body.error.code).toBe(100);
    });

    test('login throttling over /web/session/authenticate and /jsonrpc common.authenticate', async () => {
      const login = 'sec-throttled';
      await admin.callKw('res.users', 'create', [{ name: login, login, password: PASSWORD, groups_id: [[6, 0, [await groupId('base.group_user')]]] }]);
      const web = (password: string) => s.post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: 1, params: { db: s.app.db.name, login, password } });
      const rpc = (password: string) => s.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'common', method: 'authenticate', args: [s.app.db.name, login, password, {}] } });
      {
        for (let i = 0; i < 3; i++) expect(checkOutcome((await web(`wrong-${i}`)).body)!.name).toBe('odoo.exceptions.AccessDenied');
        for (let i = 0; i < 2; i++) expect((await rpc(`wrong-rpc-${i}`)).body.result).toBe(false);
        // five failures within the window: even the right password is refused now, on both routes
        const blocked = await web(PASSWORD);
        expect(checkOutcome(blocked.body)).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: expect.stringMatching(/Too many failed login attempts/) });
        expect(blocked.headers.get('set-cookie')).toBeNull();
        expect((await rpc(PASSWORD)).body.result).toBe(false);
        const { body } = await s.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args: [s.app.db.name, ids.user_throttled ?? 0, PASSWORD, 'res.partner', 'search', [[]]] } });
        expect(checkOutcome(body)!.name).toBe('odoo.exceptions.AccessDenied');
        // other logins are not affected
        expect((await s.login('sec-manager', PASSWORD)).cookie).toBeTruthy();
      }
    });
  });

  describe('developer mode', () => {
    const archText = async (client: RpcClient) => JSON.stringify(await client.callKw('amazon.account', 'get_views', [], { views: [[false, 'form'], [false, 'list']] }));

    test('Last Order Sync and the Sync buttons are absent outside developer mode, present in it for an administrator', async () => {
      // a separate admin session, so other tests keep theirs out of developer mode
      const dev = await s.login('admin', 'admin');
      for (const client of [dev, users.manager]) {
        const normal = await archText(client);
        expect(normal).not.toContain('last_orders_sync');
        expect(normal).not.toContain('action_sync_orders');
        expect(normal).not.toContain('action_sync_pickings');
        expect(normal).toContain('refresh_token');
        const fields = await client.callKw('amazon.account', 'fields_get', [], { attributes: ['type'] });
        expect(fields).not.toHaveProperty('last_orders_sync');
        await denied(client, 'amazon.account', 'write', [[ids.account], { last_orders_sync: '2020-01-01 00:00:00' }]);
      }
      // the session switches to developer mode through ?debug=1, as in the browser
      for (const client of [dev, users.manager, users.salesman]) await fetch(`${s.url}/web?debug=1`, { headers: { Cookie: client.cookie! } });
      try {
        const debug = await archText(dev);
        expect(debug).toContain('last_orders_sync');
        expect(debug).toContain('action_sync_orders');
        const [row] = await dev.callKw('amazon.account', 'read', [[ids.account], ['last_orders_sync']]);
        expect(row.last_orders_sync).toMatch(/^\d{4}-\d{2}-\d{2} /);
        expect(await dev.callKw('amazon.account', 'write', [[ids.account], { last_orders_sync: row.last_orders_sync }])).toBe(true);
        // without Technical Features, developer mode changes nothing
        expect(await archText(users.manager)).not.toContain('last_orders_sync');
        await denied(users.manager, 'amazon.account', 'read', [[ids.account], ['last_orders_sync']]);
        await denied(users.salesman, 'amazon.account', 'read', [[ids.account], ['last_orders_sync']]);
      } finally {
        for (const client of [dev, users.manager, users.salesman]) await fetch(`${s.url}/web?debug=0`, { headers: { Cookie: client.cookie! } });
      }
      expect(await archText(dev)).not.toContain('last_orders_sync');
    });
  });
});
