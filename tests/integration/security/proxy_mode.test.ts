/**
 * Proxy mode (--proxy-mode / ERP_PROXY_MODE=1): behind a reverse proxy every request comes from
 * the proxy's address, so the client's address (login throttle) and the scheme it used (secure
 * session cookie) come from X-Forwarded-For / X-Forwarded-Proto. Without proxy mode those headers
 * are the client's own words and are ignored: an attacker cannot dodge the throttle by making up
 * a new address for each guess.
 */
import { engines } from '../../support/db';
import { startTestServer, type TestServer } from '../../support/server';
import { DEFAULT_LIMITS } from '../../../addons/base/security/throttle';

for (const engine of engines()) describe(`proxy mode on ${engine}`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(engine, { addons: ['base'] });
    await s.app.db.transaction(async (cr) => {
      const { Environment } = await import('../../../addons/base/orm/environment');
      const env = new Environment(s.app.registry, cr, 1);
      for (const login of ['direct_user', 'proxied_user']) await env.model('res.users').create({ name: login, login, password: 'right-pass' });
    });
  });
  afterAll(() => s?.close());

  const authenticate = (login: string, password: string, headers: Record<string, string>) =>
    s.post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: 1, params: { db: s.app.db.name, login, password } }, headers);

  test('without proxy mode: X-Forwarded-For is ignored (a made-up address per guess is still throttled), X-Forwarded-Proto makes no secure cookie', async () => {
    s.app.config.proxyMode = false;
    for (let i = 0; i < DEFAULT_LIMITS.perClient; i++) {
      const { body } = await authenticate('direct_user', `guess-${i}`, { 'X-Forwarded-For': `203.0.113.${i + 1}` });
      expect(body.error.data.name).toBe('odoo.exceptions.AccessDenied');
    }
    const refused = await authenticate('direct_user', 'right-pass', { 'X-Forwarded-For': '198.51.100.77' });
    expect(refused.body.error.data.message).toMatch(/too many failed login attempts from your address/i);
    const other = await authenticate('admin', 'admin', { 'X-Forwarded-Proto': 'https' });
    expect(other.body.result.uid).toBe(2);
    expect(other.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(other.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  test('in proxy mode: each client is counted by the address the proxy forwards; the proxy\'s last entry wins over the client\'s claims; HTTPS gets a secure cookie', async () => {
    s.app.config.proxyMode = true;
    try {
      for (let i = 0; i < DEFAULT_LIMITS.perClient; i++) {
        // The attacker's own X-Forwarded-For claim comes first; the proxy appends the real address.
        const { body } = await authenticate('proxied_user', `guess-${i}`, { 'X-Forwarded-For': `10.9.9.${i}, 203.0.113.50` });
        expect(body.error.data.name).toBe('odoo.exceptions.AccessDenied');
      }
      const attacker = await authenticate('proxied_user', 'right-pass', { 'X-Forwarded-For': '203.0.113.50' });
      expect(attacker.body.error.data.message).toMatch(/too many failed login attempts from your address/i);
      // The real user, another client behind the same proxy, is not locked out.
      const user = await authenticate('proxied_user', 'right-pass', { 'X-Forwarded-For': '198.51.100.20', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'erp.example.com' });
      expect(user.body.result).toMatchObject({ username: 'proxied_user' });
      expect(user.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      s.app.config.proxyMode = false;
    }
  });
});
