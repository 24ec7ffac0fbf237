/**
 * Routes with auth 'user' run in a transaction; their answer is held until it has committed:
 * a redirect leads to committed data, and a COMMIT that fails answers as an error.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpServer } from '../../../addons/base/http/server';
import { engines } from '../../support/db';
import { startTestServer, type RpcClient, type TestServer } from '../../support/server';
import { PROBE_TABLE } from './http_commit_addon';

for (const engine of engines()) describe(`HTTP route answers wait for the commit on ${engine}`, () => {
  let server: TestServer;
  let withAddon: Server;
  let url: string;
  let admin: RpcClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    await server.database.commit((env) => env.cr.query(PROBE_TABLE));
    // The same database and sessions, with a test addon contributing its routes.
    const app = server.app;
    withAddon = createHttpServer({
      ...app,
      manifests: new Map([...app.manifests, ['test_http_commit', { name: 'test_http_commit', version: '1.0', depends: ['base'], entry: 'tests/integration/base/http_commit_addon/index.ts' }]]),
      order: [...app.order, 'test_http_commit'],
    });
    await new Promise<void>((resolve) => withAddon.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(withAddon.address() as AddressInfo).port}`;
    admin = await server.login('admin', 'admin');
  });
  afterAll(async () => {
    withAddon?.closeAllConnections();
    await new Promise((resolve) => withAddon?.close(resolve));
    await server?.close();
  });
  const get = (path: string) => fetch(`${url}${path}`, { headers: { Cookie: admin.cookie ?? '' }, redirect: 'manual' });

  test('a route that writes then redirects: the page it redirects to sees the write', async () => {
    const answer = await get('/test_http/write_then_redirect?key=one');
    expect(answer.status).toBe(303);
    await answer.text();
    const next = await get(answer.headers.get('location')!);
    expect(await next.text()).toBe('committed');
  });

  test('a COMMIT that fails answers with an error, not the redirect, and nothing is written', async () => {
    const answer = await get('/test_http/write_then_redirect?key=two&twice=1');
    expect(answer.status).toBe(500);
    expect(answer.headers.get('location')).toBeNull();
    expect(await answer.text()).toBe('An internal error occurred while processing the request; it has been logged.');
    expect(await (await get('/test_http/read?key=two')).text()).toBe('missing');
  });
});
