import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { JSONRPCServer, createJSONRPCErrorResponse } from 'json-rpc-2.0';
import type { App, HttpRoute, JsonRoute, RouteContext, Session } from './routes';
import { SessionStore } from './sessions';
import { clientAddress, requestOrigin } from './client_address';
import { PayloadTooLarge, parseCookies, readBody } from './body';
import { HeldResponse } from './held_response';
import { ROOT } from '../loader/manifest';
import { Environment } from '../orm/environment';
import { SessionExpired } from '../orm/exceptions';
import { jsonRpcError, toOdooError, xmlRpcFault } from '../rpc/errors';
import { kernelJsonRoutes, userEnv } from '../rpc/kernel_routes';
import { sessionInfo } from '../rpc/session_info';
import { dispatchService } from '../rpc/services';
import { faultResponse, methodResponse, parseMethodCall } from '../rpc/xmlrpc_codec';

const JSON_TYPES = ['application/json', 'application/json-rpc'];

/** The routes every installed addon contributes through its entry module. */
function collectRoutes(app: App): { json: JsonRoute[]; http: HttpRoute[] } {
  const json = [...kernelJsonRoutes];
  const http: HttpRoute[] = [];
  for (const addon of app.order) {
    const entry = app.manifests.get(addon)?.entry;
    if (!entry) continue;
    const module = require(join(ROOT, entry));
    json.push(...(module.jsonRoutes ?? []));
    http.push(...(module.httpRoutes ?? []));
  }
  return { json, http };
}

function matchJson(routes: JsonRoute[], path: string): JsonRoute | undefined {
  // call_kw/<model>/<method> and call_button/... carry cosmetic suffixes, as in Odoo.
  return routes.find((r) => r.path === path) ?? routes.find((r) => path.startsWith(`${r.path}/`) && r.path.startsWith('/web/dataset/'));
}

function matchHttp(routes: HttpRoute[], method: string, path: string): HttpRoute | undefined {
  return routes.find((r) => r.method === method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)));
}

/** The HTTP front door: JSON-RPC, XML-RPC and addon routes, one transaction per RPC call. */
export function createHttpServer(app: App): Server {
  const routes = collectRoutes(app);
  const sessions = new SessionStore(app.db);
  const rpc = new JSONRPCServer<RouteContext>({ errorListener: () => undefined });
  rpc.mapErrorToJSONRPCErrorResponse = (id, error) => {
    const { code, message, data } = jsonRpcError(error, app.registry);
    return createJSONRPCErrorResponse(id, code, message, data);
  };
  for (const route of routes.json) {
    rpc.addMethod(route.path, (params, ctx) => runJsonRoute(app, route, ctx, params));
  }

  return createServer((req, res) => {
    handle(app, routes, sessions, rpc, req, res).catch((error) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(toOdooError(error).message);
      } else res.destroy();
    });
  });
}

async function runJsonRoute(app: App, route: JsonRoute, ctx: RouteContext, params: unknown): Promise<unknown> {
  if (route.auth === 'none') return route.handler(ctx, params);
  if (!ctx.session?.uid) throw new SessionExpired();
  return app.db.transaction(async (cr) => {
    ctx.env = userEnv(ctx, cr);
    try {
      return await route.handler(ctx, params);
    } finally {
      ctx.env = undefined;
    }
  });
}

async function handle(app: App, routes: { json: JsonRoute[]; http: HttpRoute[] }, sessions: SessionStore, rpc: JSONRPCServer<RouteContext>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', requestOrigin(req, app.config.proxyMode));
  const cookies = parseCookies(req.headers.cookie);
  const sid = cookies.session_id ?? (req.headers['x-openerp-session-id'] as string | undefined);
  const session: Session | null = await sessions.get(sid);
  const ctx: RouteContext = {
    req, res, url, app, session,
    setDebug: async (flag) => {
      if (ctx.session) {
        await sessions.setDebug(ctx.session.sid, flag);
        ctx.session.debug = flag;
      }
    },
    sessionInfo: async () => {
      if (!ctx.session?.uid) throw new SessionExpired();
      if (ctx.env) return sessionInfo(app, ctx.env, ctx.session);
      return app.db.transaction((cr) => sessionInfo(app, new Environment(app.registry, cr, ctx.session!.uid!, {}, false, ctx.session!.debug), ctx.session!));
    },
  };

  const path = url.pathname;
  if (req.method === 'POST' && /^\/xmlrpc\/(2\/)?(common|object|db)$/.test(path)) return handleXmlRpc(app, req, res, path);

  const jsonRoute = req.method === 'POST' ? matchJson(routes.json, path) : undefined;
  if (jsonRoute) {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!JSON_TYPES.includes(type)) return sendText(res, 400, `Request inferred type is compatible with JSON-RPC only: send Content-Type application/json.`);
    let body: any;
    try {
      body = JSON.parse(await readBody(req, app.config.maxBodyBytes));
    } catch (error) {
      if (error instanceof PayloadTooLarge) return sendText(res, 413, error.message);
      return sendText(res, 400, 'Invalid JSON data');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return sendText(res, 400, 'Invalid JSON-RPC request: expected an object.');
    const id = typeof body.id === 'string' || typeof body.id === 'number' ? body.id : null;
    const params = body.params ?? {};
    const response = await rpc.receive({ jsonrpc: '2.0', id, method: jsonRoute.path, params }, ctx);
    return sendJson(res, response ?? { jsonrpc: '2.0', id, result: null });
  }

  const httpRoute = matchHttp(routes.http, req.method ?? 'GET', path);
  if (httpRoute) {
    if (url.searchParams.has('debug') && ctx.session) await ctx.setDebug(!['', '0', 'false'].includes(url.searchParams.get('debug') ?? ''));
    if (httpRoute.auth === 'user') {
      if (!ctx.session?.uid) {
        res.writeHead(303, { Location: `/web/login?redirect=${encodeURIComponent(url.pathname + url.search)}` });
        return void res.end();
      }
      // The answer waits for the COMMIT: a redirect must lead to committed data, and a failed
      // COMMIT must answer as an error (by the caller's catch), not as the handler's success.
      const held = new HeldResponse(res);
      await app.db.transaction(async (cr) => {
        ctx.env = userEnv(ctx, cr);
        ctx.res = held.response;
        try {
          await httpRoute.handler(ctx);
        } finally {
          ctx.res = res;
          ctx.env = undefined;
        }
      });
      return held.release();
    }
    return httpRoute.handler(ctx);
  }
  sendText(res, 404, '404: Not Found');
}

async function handleXmlRpc(app: App, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const service = path.split('/').pop()!;
  let xml: string;
  try {
    const body = await readBody(req, app.config.maxBodyBytes);
    const call = parseMethodCall(body);
    xml = methodResponse(await dispatchService(app, service, call.method, call.params, clientAddress(req, app.config.proxyMode)));
  } catch (error) {
    xml = faultResponse(xmlRpcFault(error, app.registry));
  }
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
  res.end(xml);
}

function sendJson(res: ServerResponse, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
