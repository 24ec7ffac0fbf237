/**
 * Test-only addon for http_commit.test.ts: a route that writes, makes its COMMIT slow (or fail)
 * and answers with a redirect to a route that reads what it wrote.
 */
import type { HttpRoute, RouteContext } from '../../../../addons/base/http/routes';

/** The test creates it; a key written twice in one transaction fails at COMMIT (deferred unique). */
export const PROBE_TABLE = 'CREATE TABLE IF NOT EXISTS test_http_probe (key text UNIQUE DEFERRABLE INITIALLY DEFERRED)';

async function writeThenRedirect(ctx: RouteContext): Promise<void> {
  const key = ctx.url.searchParams.get('key') ?? '';
  const cr = ctx.env!.cr;
  await cr.query('INSERT INTO test_http_probe (key) VALUES ($1)', [key]);
  if (ctx.url.searchParams.has('twice')) await cr.query('INSERT INTO test_http_probe (key) VALUES ($1)', [key]);
  // A slow COMMIT (a big flush, a busy server): the answer must still wait for it.
  cr.onFlush(() => new Promise((resolve) => setTimeout(resolve, 300)));
  ctx.res.writeHead(303, { Location: `/test_http/read?key=${encodeURIComponent(key)}` });
  ctx.res.end();
}

async function read(ctx: RouteContext): Promise<void> {
  const { rows } = await ctx.env!.cr.query('SELECT 1 FROM test_http_probe WHERE key = $1', [ctx.url.searchParams.get('key') ?? '']);
  ctx.res.writeHead(200, { 'Content-Type': 'text/plain' });
  ctx.res.end(rows.length ? 'committed' : 'missing');
}

export const httpRoutes: HttpRoute[] = [
  { method: 'GET', path: '/test_http/write_then_redirect', auth: 'user', handler: writeThenRedirect },
  { method: 'GET', path: '/test_http/read', auth: 'user', handler: read },
];
