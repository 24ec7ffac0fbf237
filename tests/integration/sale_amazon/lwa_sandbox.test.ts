/**
 * The sandbox's side of Amazon's website authorisation workflow, over HTTP: the consent page's
 * checks (application, draft version, registered redirect URI), the redirect with the code, and
 * the LWA token endpoint's authorization_code grant (single use, five minutes, bound to the
 * redirect URI), whose refresh token then works for SP-API calls.
 */
import * as http from 'node:http';
import { startSandbox, sandboxAdapter, type Sandbox } from '../../support/sandbox';
import { CODE_LIFETIME_MS } from '../../../addons/sale_amazon/sandbox/lwa_authorization';

const REDIRECT = 'https://erp.example.com/amazon/return';

/** POSTs a form to LWA's token endpoint (Host api.amazon.com) on the sandbox. */
function tokenRequest(sandbox: Sandbox, form: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const url = new URL(sandbox.url);
  const payload = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: '/auth/o2/token', method: 'POST',
      headers: { Host: 'api.amazon.com', 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('sandbox: Seller Central consent page and the authorization_code grant', () => {
  let sandbox: Sandbox;
  let appId: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ enforceRateLimits: false });
    sandbox.authorizations.registerRedirectUri(REDIRECT);
    appId = sandbox.authorizations.application.id;
  });
  afterAll(() => sandbox?.close());

  const consent = (params: Record<string, string>) => fetch(`${sandbox.url}/apps/authorize/consent?${new URLSearchParams(params)}`);

  /** Approves on the consent page; returns the redirect's parameters. */
  async function approve(state = 'state-1'): Promise<URLSearchParams> {
    const response = await fetch(`${sandbox.url}/apps/authorize/confirm`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ application_id: appId, state, redirect_uri: REDIRECT, version: 'beta' }),
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    return location.searchParams;
  }

  function exchange(code: string, overrides: Record<string, string> = {}) {
    const c = sandbox.credentials;
    return tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: c.clientId, client_secret: c.clientSecret, ...overrides });
  }

  test('the consent page refuses an unknown application, a draft without version=beta and an unregistered redirect URI; it shows its text escaped', async () => {
    const refusals: Array<[Record<string, string>, string]> = [
      [{ application_id: 'amzn1.sp.solution.other', state: 's', version: 'beta' }, 'MD9100'],
      [{ application_id: appId, state: 's' }, 'MD1000'],
      [{ application_id: appId, state: 's', version: 'beta', redirect_uri: 'https://evil.example.com/amazon/return' }, 'MD5101'],
      [{ application_id: appId, version: 'beta' }, 'no state'],
    ];
    for (const [params, reason] of refusals) {
      const response = await consent(params);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(reason);
    }
    const page = await consent({ application_id: appId, state: '"><script>alert(1)</script>', version: 'beta' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<button type="submit" name="approve" value="1">Approve</button>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>');
    // Without redirect_uri the application's first registered one is used.
    expect(html).toContain(`value="${REDIRECT}"`);
  });

  test('a code is exchanged once, with its redirect URI, for a new refresh token that works for SP-API calls', async () => {
    const back = await approve('round-trip');
    expect(back.get('state')).toBe('round-trip');
    expect(back.get('selling_partner_id')).toBe(sandbox.credentials.sellerId);
    const code = back.get('spapi_oauth_code')!;

    expect(await exchange(code, { redirect_uri: 'https://erp.example.com/other' })).toEqual({
      status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('redirect_uri does not match') } });
    expect(await exchange(code, { client_secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await exchange('', {})).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await exchange('ANnever-issued')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const granted = await exchange(code);
    expect(granted).toEqual({ status: 200, body: { access_token: expect.stringMatching(/^Atza\|/), refresh_token: expect.stringMatching(/^Atzr\|/), token_type: 'bearer', expires_in: 3600 } });
    expect(granted.body.refresh_token).not.toBe(sandbox.credentials.refreshToken);
    expect(await exchange(code)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('already been used') } });

    const port = sandboxAdapter(sandbox, { refreshToken: granted.body.refresh_token });
    try {
      expect((await port.getMarketplaceParticipations()).length).toBeGreaterThan(0);
    } finally {
      port.close();
    }
  });

  test('a code expires five minutes (sandbox time) after approval', async () => {
    const code = (await approve()).get('spapi_oauth_code')!;
    sandbox.clock.advance(CODE_LIFETIME_MS);
    expect(await exchange(code)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('expired') } });
  });
});
