import { request } from 'node:http';
import { engines } from '../../support/db';
import { startTestServer, type TestServer } from '../../support/server';
import { DEFAULT_LIMITS } from '../../../addons/base/security/throttle';

/**
 * The login throttle over HTTP: failures are counted per login and client address, so an
 * attacker hammering one address cannot lock the real user out of another. Loopback has the
 * whole 127.0.0.0/8 range, so the test uses 127.0.0.2 as the attacker's address.
 */
for (const engine of engines()) describe(`login throttle over HTTP on ${engine}`, () => {
  let s: TestServer;
  let seq = 0;
  beforeAll(async () => {
    s = await startTestServer(engine, { addons: ['base'] });
  });
  afterAll(() => s?.close());

  /** POSTs a JSON-RPC body from the given local address. */
  const postFrom = (localAddress: string, route: string, params: unknown) => new Promise<any>((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: ++seq, params });
    const url = new URL(route, s.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(body);
  });
  const login = (from: string, user: string, password: string) =>
    postFrom(from, '/jsonrpc', { service: 'common', method: 'login', args: [s.app.db.name, user, password] }).then((body) => body.result);

  test('an address that keeps failing is refused, even with the right password; other addresses are not', async () => {
    const user = `victim_${engine}`;
    const uid = await s.app.db.transaction(async (cr) => {
      const { Environment } = await import('../../../addons/base/orm/environment');
      const env = new Environment(s.app.registry, cr, 1);
      return (await env.model('res.users').create({ name: 'Victim', login: user, password: 'right-pass' })).ids[0];
    });
    for (let i = 0; i < DEFAULT_LIMITS.perClient; i++) expect(await login('127.0.0.2', user, `guess-${i}`)).toBe(false);
    expect(await login('127.0.0.2', user, 'right-pass')).toBe(false);
    const refused = await postFrom('127.0.0.2', '/web/session/authenticate', { db: s.app.db.name, login: user, password: 'right-pass' });
    expect(refused.error.data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: expect.stringMatching(/too many failed login attempts from your address/i) });
    // The real user, from another address, logs in over JSON-RPC and the web session.
    expect(await login('127.0.0.1', user, 'right-pass')).toBe(uid);
    const session = await postFrom('127.0.0.1', '/web/session/authenticate', { db: s.app.db.name, login: user, password: 'right-pass' });
    expect(session.result).toMatchObject({ uid });
  });
});
