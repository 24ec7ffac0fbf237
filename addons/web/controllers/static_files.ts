import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { HttpRoute, RouteContext } from '../../base/http/routes';
import { ROOT } from '../../base/loader/manifest';
import { ensureAssets } from '../assets/bundle';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

/** /<addon>/static/<path> serves static/<addon>/<path>, as Odoo serves an addon's static folder. */
export const staticFiles: HttpRoute = {
  method: 'GET',
  path: /^\/([a-z][a-z0-9_]*)\/static\/(.+)$/,
  auth: 'none',
  async handler(ctx: RouteContext) {
    const [, addon, rest] = /^\/([a-z][a-z0-9_]*)\/static\/(.+)$/.exec(ctx.url.pathname)!;
    if (addon === 'web' && rest.startsWith('dist/')) await ensureAssets();
    const base = join(ROOT, 'static', addon);
    const path = normalize(join(base, decodeURIComponent(rest)));
    if (!path.startsWith(base + sep) || !existsSync(path) || !statSync(path).isFile()) {
      ctx.res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      ctx.res.end('Not Found');
      return;
    }
    const versioned = ctx.url.searchParams.has('v');
    ctx.res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    createReadStream(path).pipe(ctx.res);
  },
};
