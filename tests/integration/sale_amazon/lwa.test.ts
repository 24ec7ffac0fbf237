/**
 * Linking an account with Amazon through Login with Amazon: the consent URL and its signed state,
 * the return route (forged state refused, code exchanged, marketplaces learnt), the error page,
 * and unlinking.
 *
 * The sandbox's LWA endpoint grants refresh_token and client_credentials only, so a small stub in
 * front of it answers the authorization_code grant and passes every other request to the sandbox.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { engines } from '../../support/db';
import { startTestServer, type RpcClient, type TestServer } from '../../support/server';
import type { Sandbox } from '../../support/sandbox';
import { startTestSandbox, US } from './helpers';
import { accountFormUrl } from '../../../addons/sale_amazon/controllers/amazon_return';
import { MARKETPLACES_BY_CODE } from '../../../addons/sale_amazon/sp_api/marketplaces';

const GOOD_CODE = 'ANDaNDaNDaNDaNDaND';
const BASE_URL = 'https://erp.example.com';

interface LwaStub {
  url: string;
  /** bodies of the authorization_code requests received */
  exchanges: Record<string, string>[];
  close(): Promise<void>;
}

/** Answers grant_type=authorization_code like LWA does; forwards everything else to the sandbox. */
async function startLwaStub(sandbox: Sandbox): Promise<LwaStub> {
  const exchanges: Record<string, string>[] = [];
  const target = new URL(sandbox.url);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      if (req.headers.host === 'api.amazon.com' && req.url === '/auth/o2/token' && form.grant_type === 'authorization_code') {
        exchanges.push(form);
        const c = sandbox.credentials;
        const ok = form.code === GOOD_CODE && form.client_id === c.clientId && form.client_secret === c.clientSecret;
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok
          ? { access_token: 'Atza|stub', refresh_token: c.refreshToken, token_type: 'bearer', expires_in: 3600 }
          : { error: 'invalid_grant', error_description: 'The authorization code is invalid or expired.' }));
        return;
      }
      const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

for (const engine of engines()) {
  describe(`Login with Amazon on ${engine}`, () => {
    let sandbox: Sandbox;
    let stub: LwaStub;
    let server: TestServer;
    let admin: RpcClient;

    beforeAll(async () => {
      sandbox = await startTestSandbox();
      stub = await startLwaStub(sandbox);
      // The connector's traffic (token exchange and SP-API calls alike) goes through the stub.
      const { configureSpApi } = await import('../../../addons/sale_amazon/services/port_factory');
      configureSpApi({ endpoint: stub.url, clock: sandbox.clock, requestTimeoutMs: 2000, retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 } as never });
      server = await startTestServer(engine, { addons: ['sale_amazon'] });
      await server.database.commit(async (env) => {
        const c = sandbox.credentials;
        await env.cr.query(
          `INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.lwa_client_id', $1), ('sale_amazon.lwa_client_secret', $2),
             ('sale_amazon.app_id', 'amzn1.sp.solution.test-app'), ('web.base.url', $3)`, [c.clientId, c.clientSecret, BASE_URL]);
      });
      admin = await server.login('admin', 'admin');
    });
    afterAll(async () => {
      await server?.close();
      await stub?.close();
      await sandbox?.close();
    });

    /** A fresh account, not linked yet, with the US store as home marketplace. */
    async function newAccount(name: string): Promise<number> {
      const home = await server.database.rollback((env) => env.refId('sale_amazon.marketplace_us'));
      return admin.callKw('amazon.account', 'create', [{ name, base_marketplace_id: home }]);
    }

    async function consentUrl(accountId: number): Promise<URL> {
      const action = await admin.callKw('amazon.account', 'action_redirect_to_oauth_url', [[accountId]]);
      expect(action).toMatchObject({ type: 'ir.actions.act_url', target: 'self' });
      return new URL(action.url);
    }

    function amazonReturn(query: Record<string, string>, cookie = admin.cookie): Promise<Response> {
      return fetch(`${server.url}/amazon/return?${new URLSearchParams(query)}`, { headers: { Cookie: cookie ?? '' }, redirect: 'manual' });
    }

    async function accountRow(id: number): Promise<Record<string, any>> {
      return server.database.rollback(async (env) => {
        const { rows } = await env.cr.query('SELECT seller_key, refresh_token FROM amazon_account WHERE id = $1', [id]);
        const [account] = await env.model('amazon.account').sudo().browse([id]).fetch(['available_marketplace_ids', 'active_marketplace_ids']);
        return { ...rows[0], available: [...account.available_marketplace_ids].sort(), active: [...account.active_marketplace_ids].sort() };
      });
    }

    test('the consent URL names the application and carries a signed state with the account and the return URL', async () => {
      const accountId = await newAccount('Consent');
      const url = await consentUrl(accountId);
      expect(`${url.origin}${url.pathname}`).toBe('https://sellercentral.amazon.com/apps/authorize/consent');
      expect(url.searchParams.get('application_id')).toBe('amzn1.sp.solution.test-app');
      expect(url.searchParams.has('version')).toBe(false);
      const state = JSON.parse(url.searchParams.get('state')!);
      expect(state).toEqual({ account_id: accountId, return_url: `${BASE_URL}/amazon/return`, signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
      // The signature is keyed with the database secret, which install created.
      const secret = await server.database.rollback(async (env) => (await env.cr.query("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")).rows[0]?.value);
      expect(secret).toMatch(/^[0-9a-f]{64}$/);

      await server.database.commit((env) => env.cr.query("INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.app_beta', '1')"));
      try {
        expect((await consentUrl(accountId)).searchParams.get('version')).toBe('beta');
      } finally {
        await server.database.commit((env) => env.cr.query("DELETE FROM ir_config_parameter WHERE key = 'sale_amazon.app_beta'"));
      }
    });

    test('a state that was altered or not signed here is refused with 403 and changes nothing', async () => {
      const accountId = await newAccount('Forged');
      const other = await newAccount('Victim');
      const state = JSON.parse((await consentUrl(accountId)).searchParams.get('state')!);
      const forgeries = [
        JSON.stringify({ ...state, account_id: other }),
        JSON.stringify({ ...state, return_url: 'https://evil.example.com/amazon/return' }),
        JSON.stringify({ ...state, signature: state.signature.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')) }),
        JSON.stringify({ ...state, signature: state.signature.slice(0, 10) }),
        'not json',
      ];
      for (const forged of forgeries) {
        const response = await amazonReturn({ selling_partner_id: 'A3FORGED', spapi_oauth_code: GOOD_CODE, state: forged });
        expect(response.status).toBe(403);
        await response.text();
      }
      const missing = await amazonReturn({ selling_partner_id: 'A3FORGED', spapi_oauth_code: GOOD_CODE });
      expect(missing.status).toBe(403);
      await missing.text();
      for (const id of [accountId, other]) expect(await accountRow(id)).toMatchObject({ seller_key: null, refresh_token: null });
    });

    test('a good return stores the seller id and its refresh token (never readable) and the marketplaces, then opens the account', async () => {
      const accountId = await newAccount('Linked');
      const state = (await consentUrl(accountId)).searchParams.get('state')!;
      const before = stub.exchanges.length;
      const response = await amazonReturn({ selling_partner_id: sandbox.credentials.sellerId, spapi_oauth_code: GOOD_CODE, state });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(accountFormUrl(accountId));
      expect(accountFormUrl(accountId)).toBe(`/web#action=sale_amazon.action_amazon_accounts&model=amazon.account&view_type=form&id=${accountId}`);

      expect(stub.exchanges.slice(before)).toEqual([{
        grant_type: 'authorization_code', code: GOOD_CODE, client_id: sandbox.credentials.clientId, client_secret: sandbox.credentials.clientSecret,
      }]);
      // The sandbox seller sells on Amazon.com and Amazon.ca in North America: both available, the new one synchronised too.
      const CA = MARKETPLACES_BY_CODE.get('CA')!.id;
      const ids = await server.database.rollback(async (env) => Promise.all([US, CA].map(async (ref) => (await env.model('amazon.marketplace').search([['api_ref', '=', ref]])).ids[0])));
      const sorted = [...ids].sort();
      expect(await accountRow(accountId)).toEqual({ seller_key: sandbox.credentials.sellerId, refresh_token: sandbox.credentials.refreshToken, available: sorted, active: sorted });

      const [read] = await admin.callKw('amazon.account', 'read', [[accountId], ['seller_key', 'refresh_token']]);
      expect(read).toMatchObject({ seller_key: sandbox.credentials.sellerId, refresh_token: false });
    });

    test('a refused code shows the error page with Amazon\'s reason as text and a link back, and leaves the account unlinked', async () => {
      const accountId = await newAccount('Refused <b>');
      const state = (await consentUrl(accountId)).searchParams.get('state')!;
      const response = await amazonReturn({ selling_partner_id: 'A3REFUSED', spapi_oauth_code: 'expired<script>', state });
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('The authorization code is invalid or expired.');
      expect(html).toContain(`href="${accountFormUrl(accountId).replace(/&/g, '&amp;')}"`);
      expect(html).toContain('Back to my account');
      expect(html).not.toContain('<script>');
      expect(await accountRow(accountId)).toMatchObject({ seller_key: null, refresh_token: null });
    });

    test('the return route needs a logged-in user', async () => {
      const accountId = await newAccount('Anonymous');
      const state = (await consentUrl(accountId)).searchParams.get('state')!;
      const response = await amazonReturn({ selling_partner_id: 'A3ANON', spapi_oauth_code: GOOD_CODE, state }, '');
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(/^\/web\/login\?redirect=/);
      expect(await accountRow(accountId)).toMatchObject({ seller_key: null, refresh_token: null });
    });

    test('Unlink Account forgets the refresh token', async () => {
      const accountId = await newAccount('Unlinked');
      await admin.callKw('amazon.account', 'write', [[accountId], { seller_key: 'A3UNLINK', refresh_token: 'Atzr|to-forget' }]);
      expect(await accountRow(accountId)).toMatchObject({ refresh_token: 'Atzr|to-forget' });
      expect(await admin.callKw('amazon.account', 'action_reset_refresh_token', [[accountId]])).toBe(true);
      expect(await accountRow(accountId)).toMatchObject({ seller_key: 'A3UNLINK', refresh_token: null });
    });
  });
}
