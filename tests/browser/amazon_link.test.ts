/**
 * Linking an Amazon account in chromium: the account form's "Link with Amazon" opens the sandbox's
 * Seller Central consent page in the same window, Approve brings the browser back through
 * /amazon/return to the account form, now linked; "Unlink" (after its confirmation) clears the
 * refresh token. Each step ends with the database.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { browserAvailable, buildAssetsOnce, launchBrowser } from '../support/browser';
import { login, screenshot, trackRpc, waitForBreadcrumb } from '../support/browser_tour';
import { startSandbox, type Sandbox } from '../support/sandbox';
import { configureSpApi } from '../../addons/sale_amazon/services/port_factory';
import { accountFormUrl } from '../../addons/sale_amazon/controllers/amazon_return';

const describeIf = browserAvailable() ? describe : describe.skip;

describeIf('Link with Amazon in chromium', () => {
  let server: TestServer;
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let accountId: number;

  beforeAll(async () => {
    await buildAssetsOnce();
    sandbox = await startSandbox({ enforceRateLimits: false });
    configureSpApi({ endpoint: sandbox.url, clock: sandbox.clock, requestTimeoutMs: 5000, retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 } as never });
    server = await startTestServer('pglite', { addons: ['sale_amazon'] });
    sandbox.authorizations.registerRedirectUri(`${server.url}/amazon/return`);
    accountId = await server.database.commit(async (env) => {
      const c = sandbox.credentials;
      const params = { 'sale_amazon.lwa_client_id': c.clientId, 'sale_amazon.lwa_client_secret': c.clientSecret, 'sale_amazon.app_id': sandbox.authorizations.application.id,
        'sale_amazon.app_beta': '1', 'sale_amazon.seller_central_url': sandbox.url, 'web.base.url': server.url };
      for (const [key, value] of Object.entries(params)) await env.cr.query('INSERT INTO ir_config_parameter (key, value) VALUES ($1, $2)', [key, value]);
      const account = await env.model('amazon.account').create({ name: 'To Link', base_marketplace_id: await env.refId('sale_amazon.marketplace_us') });
      return account.ids[0] as number;
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sandbox?.close();
  });

  const account = () => server.database.rollback(async (env) =>
    (await env.cr.query<{ seller_key: string | null; refresh_token: string | null }>('SELECT seller_key, refresh_token FROM amazon_account WHERE id = $1', [accountId])).rows[0]);

  test('Link with Amazon → approve on the consent page → back on the account, linked; Unlink after confirmation clears the token', async () => {
    const rpc = trackRpc(page);
    await login(page, server.url);
    await page.goto(`${server.url}${accountFormUrl(accountId)}`);
    await waitForBreadcrumb(page, 'To Link');
    await rpc.idle();
    expect(await page.locator('[data-testid="button-action_reset_refresh_token"]').count()).toBe(0);

    await page.click('[data-testid="button-action_redirect_to_oauth_url"]');
    await page.waitForURL((url) => url.pathname === '/apps/authorize/consent');
    expect(page.url().startsWith(sandbox.url)).toBe(true);
    await screenshot(page, 'amazon_link_consent.png');
    await page.getByRole('button', { name: 'Approve' }).click();

    // Back through the return route on the account's form, which now offers Unlink instead of Link.
    await page.locator('[data-testid="button-action_reset_refresh_token"]').waitFor();
    expect(new URL(page.url()).origin).toBe(server.url);
    await waitForBreadcrumb(page, 'To Link');
    expect(await page.locator('[data-testid="button-action_redirect_to_oauth_url"]').count()).toBe(0);
    const linked = await account();
    expect(linked).toEqual({ seller_key: sandbox.credentials.sellerId, refresh_token: expect.stringMatching(/^Atzr\|sandbox-/) });
    await rpc.idle();

    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    });
    await page.click('[data-testid="button-action_reset_refresh_token"]');
    await page.locator('[data-testid="button-action_redirect_to_oauth_url"]').waitFor();
    await rpc.idle();
    expect(questions).toEqual([expect.stringContaining('Unlink this account from Amazon?')]);
    expect(await account()).toEqual({ seller_key: sandbox.credentials.sellerId, refresh_token: null });
    expect(rpc.errors).toEqual([]);
  });
});
