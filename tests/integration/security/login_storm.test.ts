/**
 * A storm of concurrent failed logins, more than the database pool has connections: every one
 * is answered. On PostgreSQL the throttle writes its counts outside the login's transaction,
 * which holds a pool connection; taking a second one from the same pool would let the storm
 * hold every connection while each waits for another, and the server would answer no one.
 */
import { engines } from '../../support/db';
import { startTestServer, type TestServer } from '../../support/server';

jest.setTimeout(60_000);

(engines().includes('postgres') ? describe : describe.skip)('login storm on postgres', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer('postgres', { addons: ['base'] }); });
  afterAll(() => s?.close());

  test('30 concurrent failed logins (the pool has 10 connections) are all refused, promptly; the server serves on', async () => {
    const attempt = (i: number) => s.post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: i, params: { db: s.app.db.name, login: `storm-${i % 3}`, password: `guess-${i}` } });
    const answers = await Promise.race([
      Promise.all(Array.from({ length: 30 }, (_, i) => attempt(i))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the server stopped answering logins')), 20_000)),
    ]);
    expect(answers.map((a) => a.body.error?.data?.name)).toEqual(Array(30).fill('odoo.exceptions.AccessDenied'));
    const ok = await s.post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: 99, params: { db: s.app.db.name, login: 'admin', password: 'admin' } });
    expect(ok.body.result.uid).toBe(2);
  });
});
