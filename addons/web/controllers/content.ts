import type { HttpRoute, RouteContext } from '../../base/http/routes';
import { AccessDenied, AccessError, MissingError, OdooError } from '../../base/orm/exceptions';
import { callKw } from '../../base/rpc/call_kw';

const PATH = /^\/web\/content\/([a-z][a-z0-9_.]*)\/(\d+)\/([a-z][a-z0-9_]*)$/;

/**
 * GET /web/content/<model>/<id>/<method>: the file a public download method returns
 * ({ filename, mimetype, data: base64 }, e.g. account.move action_invoice_download_pdf) as a
 * plain HTTP download, so links and browsers can fetch it without the JSON-RPC client. The
 * method runs as the logged-in user with the same checks as call_button. A GET must not change
 * data (links are followed by prefetchers and cross-site pages), so only methods whose name
 * says they download (`*download*`) are reachable here; they must only read.
 */
export const contentDownload: HttpRoute = {
  method: 'GET',
  path: PATH,
  auth: 'user',
  async handler(ctx: RouteContext) {
    const [, model, id, method] = PATH.exec(ctx.url.pathname)!;
    if (!ctx.env!.registry.has(model)) return sendText(ctx, 404, `The model ${model} does not exist.`);
    if (!method.includes('download')) return sendText(ctx, 403, `${model}.${method} is not a download method.`);
    let payload: unknown;
    try {
      payload = await callKw(ctx.env!, model, method, [[Number(id)]], {});
    } catch (error) {
      if (!(error instanceof OdooError)) throw error;
      return sendText(ctx, statusOf(error), error.message);
    }
    if (!isDownload(payload)) return sendText(ctx, 400, `${model}.${method} does not return a file.`);
    const body = Buffer.from(payload.data, 'base64');
    ctx.res.writeHead(200, {
      'Content-Type': payload.mimetype || 'application/octet-stream',
      'Content-Length': body.length,
      'Content-Disposition': contentDisposition(payload.filename),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    ctx.res.end(body);
  },
};

function isDownload(value: unknown): value is { filename: string; mimetype?: string; data: string } {
  const v = value as { filename?: unknown; data?: unknown } | null;
  return Boolean(v && typeof v === 'object' && typeof v.filename === 'string' && typeof v.data === 'string');
}

/** RFC 6266: an ASCII fallback name plus the exact UTF-8 name, so no header injection and no mangled accents. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function statusOf(error: OdooError): number {
  if (error instanceof MissingError) return 404;
  if (error instanceof AccessError || error instanceof AccessDenied) return 403;
  return 400;
}

function sendText(ctx: RouteContext, status: number, text: string): void {
  ctx.res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  ctx.res.end(text);
}
