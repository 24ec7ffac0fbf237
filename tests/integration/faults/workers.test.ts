/**
 * Several server processes on one PostgreSQL database (`--workers N`, or several machines):
 * what one process knows, the others must know too. The login throttle counts failures in the
 * database, so two processes give an attacker the allowance of one; and the addons' background
 * services (the demo's Amazon sandbox) run once, in the primary of `--workers`, where every
 * worker reaches them.
 */
import { createTestDatabase, engines, testDatabaseUrl, type TestDatabase } from '../../support/db';
import { killAll, sleep, type Worker } from '../../support/processes';
import { startServerProcess } from './fixture';
import { DEFAULT_LIMITS } from '../../../addons/base/security/throttle';

jest.setTimeout(240_000);

interface Served { worker: Worker; url: string }

const serve = (t: TestDatabase, args: string[]): Promise<Served> => startServerProcess(['--db-url', testDatabaseUrl()!, '--db-name', t.db.name, ...args]);

async function post(url: string, route: string, params: unknown, cookie = ''): Promise<{ body: any; cookie: string }> {
  const response = await fetch(`${url}${route}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Connection: 'close', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }),
  });
  return { body: await response.json(), cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]! };
}

(engines().includes('postgres') ? describe : describe.skip)('several server processes on one PostgreSQL database', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await killAll();
    for (const t of databases) await t.close();
  });

  test('the login throttle counts the failures of every process: two processes give no more guesses than one', async () => {
    const t = await createTestDatabase('postgres', { addons: ['base'] });
    databases.push(t);
    const [a, b] = await Promise.all([serve(t, ['--no-demo', '--no-cron']), serve(t, ['--no-demo', '--no-cron'])]);
    const login = (server: Served, password: string) => post(server.url, '/web/session/authenticate', { db: t.db.name, login: 'admin', password });
    // The allowance spread over both processes (each alone would still allow more).
    for (let i = 0; i < DEFAULT_LIMITS.perClient; i++) {
      const { body } = await login(i % 2 ? b : a, `guess-${i}`);
      expect(body.error.data.name).toBe('odoo.exceptions.AccessDenied');
    }
    for (const server of [a, b]) {
      const { body } = await login(server, 'admin');
      expect(body.error?.data.message).toMatch(/too many failed login attempts from your address/i);
    }
  });

  test('`serve --workers 2` serves the demo: the Amazon sandbox runs once, in the primary, and Sync Orders in a worker imports its orders', async () => {
    const t = await createTestDatabase('postgres', { addons: ['sale_amazon'], demo: true });
    databases.push(t);
    const primary = await serve(t, ['--workers', '2', '--no-cron']);
    expect(primary.worker.stdout().match(/SP-API sandbox running at/g)).toHaveLength(1);
    const { cookie } = await post(primary.url, '/web/session/authenticate', { db: t.db.name, login: 'admin', password: 'admin' });
    // Developer mode, which the Sync buttons require, is switched on by opening the client with ?debug=1.
    await fetch(`${primary.url}/web?debug=1`, { headers: { Cookie: cookie, Connection: 'close' }, redirect: 'manual' });
    const kw = async (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => {
      const { body } = await post(primary.url, '/web/dataset/call_kw', { model, method, args, kwargs }, cookie);
      if (body.error) throw new Error(JSON.stringify(body.error.data));
      return body.result;
    };
    const [account] = await kw('amazon.account', 'search', [[['seller_key', '=', 'A3SANDBOXSELLER']]], { limit: 1 });
    const clicked = await post(primary.url, '/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[account]], kwargs: {} }, cookie);
    expect(clicked.body.result).toMatchObject({ tag: 'display_notification' });
    let run: any;
    for (let i = 0; i < 600 && !(run && run.state !== 'running'); i++) {
      [run] = await kw('amazon.sync.run', 'search_read', [[['account_id', '=', account]]], { fields: ['state', 'created', 'failed', 'message'], limit: 1 });
      await sleep(200);
    }
    expect(run).toMatchObject({ state: 'done', failed: 0 });
    expect(run.created).toBeGreaterThan(0);
  });
});
