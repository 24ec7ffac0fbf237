/**
 * Linking an account with Amazon through Login with Amazon, end to end over HTTP against the
 * sandbox: the account's Link action gives the consent URL, the sandbox's consent page is approved,
 * its redirect is followed to our return route with the user's session, which exchanges the code
 * at the sandbox's LWA endpoint and fetches the marketplaces. Also: forged states, reused and
 * expired codes, the error page, and Unlink (which stops the crons for that account).
 */
import { engines } from '../../support/db';
import { startTestServer, type RpcClient, type TestServer } from '../../support/server';
import { startSandbox, type Sandbox } from '../../support/sandbox';
import { US, userWithGroups } from './helpers';
import { accountFormUrl } from '../../../addons/sale_amazon/controllers/amazon_return';
import { configureSpApi } from '../../../addons/sale_amazon/services/port_factory';
import { AmazonAccount } from '../../../addons/sale_amazon/models/amazon_account';
import { CODE_LIFETIME_MS } from '../../../addons/sale_amazon/sandbox/lwa_authorization';
import { MARKETPLACES_BY_CODE } from '../../../addons/sale_amazon/sp_api/marketplaces';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const attribute = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/** The consent page's form as a browser submits it: its action and its named inputs and button. */
function consentForm(html: string): { action: string; fields: string[][] } {
  const form = /<form\b[^>]*>/.exec(html)?.[0];
  if (!form) throw new Error(`no form on the consent page:\n${html}`);
  const fields = [...html.matchAll(/<(?:input|button)\b[^>]*>/g)].map(([tag]) => [attribute(tag, 'name')!, attribute(tag, 'value')!]);
  return { action: attribute(form, 'action')!, fields };
}

for (const engine of engines()) {
  describe(`Login with Amazon on ${engine}`, () => {
    let sandbox: Sandbox;
    let server: TestServer;
    let admin: RpcClient;

    beforeAll(async () => {
      // Amazon time runs at wall-clock speed: a code lives five real minutes unless the test moves the clock.
      sandbox = await startSandbox({ enforceRateLimits: false });
      configureSpApi({ endpoint: sandbox.url, clock: sandbox.clock, requestTimeoutMs: 2000, retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 } as never });
      server = await startTestServer(engine, { addons: ['sale_amazon'] });
      sandbox.authorizations.registerRedirectUri(`${server.url}/amazon/return`);
      const c = sandbox.credentials;
      for (const [key, value] of [['sale_amazon.lwa_client_id', c.clientId], ['sale_amazon.lwa_client_secret', c.clientSecret],
        ['sale_amazon.app_id', sandbox.authorizations.application.id], ['web.base.url', server.url]]) await setParam(key, value);
      await sandboxConsentPage(true);
      admin = await server.login('admin', 'admin');
    });
    afterAll(async () => {
      await server?.close();
      await sandbox?.close();
    });

    async function setParam(key: string, value: string | null): Promise<void> {
      await server.database.commit(async (env) => {
        await env.cr.query('DELETE FROM ir_config_parameter WHERE key = $1', [key]);
        if (value !== null) await env.cr.query('INSERT INTO ir_config_parameter (key, value) VALUES ($1, $2)', [key, value]);
      });
    }

    /** The browser goes to the sandbox's consent page (a draft application: version=beta), or to Amazon's. */
    async function sandboxConsentPage(on: boolean): Promise<void> {
      await setParam('sale_amazon.seller_central_url', on ? sandbox.url : null);
      await setParam('sale_amazon.app_beta', on ? '1' : null);
    }

    /** A fresh account, not linked yet, with the US store as home marketplace. */
    async function newAccount(name: string): Promise<number> {
      const home = await server.database.rollback((env) => env.refId('sale_amazon.marketplace_us'));
      return admin.callKw('amazon.account', 'create', [{ name, base_marketplace_id: home }]);
    }

    /** The account's "Link with Amazon" button. */
    async function linkAction(accountId: number): Promise<URL> {
      const action = await admin.callKw('amazon.account', 'action_redirect_to_oauth_url', [[accountId]]);
      expect(action).toMatchObject({ type: 'ir.actions.act_url', target: 'self' });
      return new URL(action.url);
    }

    /** Opens the consent page, submits its Approve form as a browser would; returns where Amazon sends the browser. */
    async function approveOnAmazon(consent: URL): Promise<URL> {
      const page = await fetch(consent);
      expect(page.status).toBe(200);
      const form = consentForm(await page.text());
      const approved = await fetch(new URL(form.action, consent), { method: 'POST', body: new URLSearchParams(form.fields), redirect: 'manual' });
      expect(approved.status).toBe(302);
      return new URL(approved.headers.get('location')!);
    }

    /** Follows Amazon's redirect to our return route with the session cookie (or none). */
    function followToErp(target: URL | string, cookie = admin.cookie): Promise<Response> {
      return fetch(target, { headers: { Cookie: cookie ?? '' }, redirect: 'manual' });
    }

    async function accountRow(id: number): Promise<Record<string, any>> {
      return server.database.rollback(async (env) => {
        const { rows } = await env.cr.query('SELECT seller_key, refresh_token FROM amazon_account WHERE id = $1', [id]);
        const [account] = await env.model('amazon.account').sudo().browse([id]).fetch(['available_marketplace_ids', 'active_marketplace_ids', 'state']);
        return { ...rows[0], state: account.state, available: [...account.available_marketplace_ids].sort(), active: [...account.active_marketplace_ids].sort() };
      });
    }

    /**
     * Archives a linked account: one seller's marketplace is synchronised by one active account only,
     * so the next test's account of the same sandbox seller could not be linked otherwise.
     */
    async function archive(accountId: number): Promise<void> {
      await admin.callKw('amazon.account', 'write', [[accountId], { active: false }]);
    }

    /** Link with Amazon → consent page → Approve → our return route: the response of the return route. */
    async function linkThroughAmazon(accountId: number): Promise<Response> {
      return followToErp(await approveOnAmazon(await linkAction(accountId)));
    }

    test('the consent URL names the application and the return route, and carries a signed state; Amazon\'s Seller Central without the sandbox', async () => {
      const accountId = await newAccount('Consent');
      const url = await linkAction(accountId);
      const returnUrl = `${server.url}/amazon/return`;
      expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.url}/apps/authorize/consent`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        application_id: sandbox.authorizations.application.id, redirect_uri: returnUrl, version: 'beta', state: expect.any(String) });
      const state = JSON.parse(url.searchParams.get('state')!);
      expect(state).toEqual({ account_id: accountId, return_url: returnUrl, signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
      // The signature is keyed with the database secret, which install created.
      const secret = await server.database.rollback(async (env) => (await env.cr.query("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")).rows[0]?.value);
      expect(secret).toMatch(/^[0-9a-f]{64}$/);

      await sandboxConsentPage(false);
      try {
        const amazon = await linkAction(accountId);
        expect(`${amazon.origin}${amazon.pathname}`).toBe('https://sellercentral.amazon.com/apps/authorize/consent');
        expect(amazon.searchParams.has('version')).toBe(false);
      } finally {
        await sandboxConsentPage(true);
      }
    });

    test('Link with Amazon, approved on the consent page: the account holds a new refresh token (never readable) and the seller\'s marketplaces; the code cannot be used twice', async () => {
      const accountId = await newAccount('Linked');
      expect(await accountRow(accountId)).toMatchObject({ seller_key: null, refresh_token: null, state: 'disconnected' });
      const back = await approveOnAmazon(await linkAction(accountId));
      expect(`${back.origin}${back.pathname}`).toBe(`${server.url}/amazon/return`);
      const response = await followToErp(back);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(accountFormUrl(accountId));

      // The sandbox seller sells on Amazon.com and Amazon.ca in North America: both available, the new one synchronised too.
      const CA = MARKETPLACES_BY_CODE.get('CA')!.id;
      const ids = await server.database.rollback(async (env) => Promise.all([US, CA].map(async (ref) => (await env.model('amazon.marketplace').search([['api_ref', '=', ref]])).ids[0])));
      const linked = await accountRow(accountId);
      expect(linked).toEqual({ seller_key: sandbox.credentials.sellerId, refresh_token: expect.stringMatching(/^Atzr\|sandbox-/), state: 'connected', available: [...ids].sort(), active: [...ids].sort() });
      // Granted by this authorisation, not the sandbox's preconfigured token.
      expect(linked.refresh_token).not.toBe(sandbox.credentials.refreshToken);
      const [read] = await admin.callKw('amazon.account', 'read', [[accountId], ['seller_key', 'refresh_token', 'state']]);
      expect(read).toMatchObject({ seller_key: sandbox.credentials.sellerId, refresh_token: false, state: 'connected' });

      // The same redirect again (a reload, a replay): LWA refuses the used code; the account keeps its token.
      const replay = await followToErp(back);
      expect(replay.status).toBe(502);
      expect(await replay.text()).toContain('already been used');
      expect(await accountRow(accountId)).toEqual(linked);
      await archive(accountId);
    });

    test('a state that was altered or not signed here is refused with a page saying so, before the code is used', async () => {
      const accountId = await newAccount('Forged');
      const other = await newAccount('Victim');
      const back = await approveOnAmazon(await linkAction(accountId));
      const state = JSON.parse(back.searchParams.get('state')!);
      const forgeries = [
        JSON.stringify({ ...state, account_id: other }),
        JSON.stringify({ ...state, return_url: 'https://evil.example.com/amazon/return' }),
        JSON.stringify({ ...state, signature: state.signature.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')) }),
        JSON.stringify({ ...state, signature: state.signature.slice(0, 10) }),
        'not json',
        null,
      ];
      for (const forged of forgeries) {
        const target = new URL(back);
        if (forged === null) target.searchParams.delete('state');
        else target.searchParams.set('state', forged);
        const response = await followToErp(target);
        expect(response.status).toBe(403);
        expect(await response.text()).toContain('not started from this database');
      }
      for (const id of [accountId, other]) expect(await accountRow(id)).toMatchObject({ seller_key: null, refresh_token: null });
      // The code was never sent to Amazon: the genuine redirect still links the account.
      expect((await followToErp(back)).status).toBe(303);
      expect(await accountRow(accountId)).toMatchObject({ seller_key: sandbox.credentials.sellerId, state: 'connected' });
      await archive(accountId);
    });

    test('a code older than five minutes shows the error page with Amazon\'s reason as text and a link back, and leaves the account unlinked', async () => {
      const accountId = await newAccount('Expired <b>');
      const back = await approveOnAmazon(await linkAction(accountId));
      sandbox.clock.advance(CODE_LIFETIME_MS);
      const response = await followToErp(back);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('The authorization code is invalid: it has expired');
      expect(html).toContain(`href="${accountFormUrl(accountId).replace(/&/g, '&amp;')}"`);
      expect(html).toContain('Back to my account');
      expect(await accountRow(accountId)).toMatchObject({ seller_key: null, refresh_token: null, state: 'disconnected' });
    });

    test('the return route needs a logged-in user', async () => {
      const accountId = await newAccount('Anonymous');
      const response = await followToErp(await approveOnAmazon(await linkAction(accountId)), '');
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(/^\/web\/login\?redirect=/);
      expect(await accountRow(accountId)).toMatchObject({ seller_key: null, refresh_token: null });
    });

    test('Link and Unlink are for Amazon managers only; Unlink forgets the refresh token, and the crons stop synchronising the account', async () => {
      const accountId = await newAccount('Unlinked');
      expect((await linkThroughAmazon(accountId)).status).toBe(303);
      const ctx = { db: server.database.db, registry: server.database.registry };
      const runs = () => server.database.rollback((env) => env.model('amazon.sync.run').search_count([['account_id', '=', accountId], ['kind', '=', 'orders']]));
      await AmazonAccount._cron_sync_orders(ctx);
      const whileLinked = await runs();
      expect(whileLinked).toBeGreaterThan(0);

      const salesman = await userWithGroups(server, `lwa-salesman-${engine}`, ['sales_team.group_sale_salesman']);
      for (const button of ['action_reset_refresh_token', 'action_redirect_to_oauth_url']) {
        await expect(salesman.callKw('amazon.account', button, [[accountId]])).rejects.toMatchObject({ data: { name: 'odoo.exceptions.AccessError' } });
      }
      expect(await accountRow(accountId)).toMatchObject({ state: 'connected' });

      expect(await admin.callKw('amazon.account', 'action_reset_refresh_token', [[accountId]])).toBe(true);
      expect(await accountRow(accountId)).toMatchObject({ seller_key: sandbox.credentials.sellerId, refresh_token: null, state: 'disconnected' });
      await AmazonAccount._cron_sync_orders(ctx);
      expect(await runs()).toBe(whileLinked);
    });
  });
}
