import type { HttpRoute, RouteContext } from '../../base/http/routes';
import { ensureAssets } from '../assets/bundle';
import { renderShell } from './shell';

/** Odoo's ALLOWED_DEBUG_MODES: '' switches it off; any other value switches it on. */
export function debugFromQuery(url: URL): boolean | null {
  if (!url.searchParams.has('debug')) return null;
  const value = url.searchParams.get('debug') ?? '';
  return value !== '' && value !== '0' && value !== 'false';
}

async function serveClient(ctx: RouteContext): Promise<void> {
  await ensureAssets();
  const wanted = debugFromQuery(ctx.url);
  if (wanted !== null && ctx.session && wanted !== ctx.session.debug) await ctx.setDebug(wanted);
  const debug = wanted ?? ctx.session?.debug ?? false;
  const sessionInfo = ctx.session?.uid ? await ctx.sessionInfo() : null;
  const html = renderShell({ sessionInfo, db: ctx.app.db.name, debug });
  ctx.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  ctx.res.end(html);
}

/** The client's pages: one shell, the client routes (login screen included) in the browser. */
export const clientPages: HttpRoute[] = ['/', '/web', '/odoo', '/web/login'].map((path) => ({
  method: 'GET', path, auth: 'public', handler: serveClient,
}));
