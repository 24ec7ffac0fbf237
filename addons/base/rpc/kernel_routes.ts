import { SessionExpired, ValidationError } from '../orm/exceptions';
import { Environment } from '../orm/environment';
import type { JsonRoute, RouteContext } from '../http/routes';
import { SessionStore } from '../http/sessions';
import { clientAddress } from '../http/client_address';
import { SERVER_VERSION, authenticate, dispatchService } from './services';
import { callKw } from './call_kw';

function requireObject(params: unknown, what: string): Record<string, any> {
  if (!params || typeof params !== 'object' || Array.isArray(params)) throw new ValidationError(`${what}: "params" must be an object.`);
  return params as Record<string, any>;
}

/** The kernel's JSON routes: the external API, web sessions and the web client's call_kw. */
export const kernelJsonRoutes: JsonRoute[] = [
  {
    path: '/jsonrpc', auth: 'none',
    handler: (ctx, params) => {
      const p = requireObject(params, '/jsonrpc');
      return dispatchService(ctx.app, p.service, p.method, p.args ?? [], clientAddress(ctx.req, ctx.app.config.proxyMode));
    },
  },
  {
    path: '/web/session/authenticate', auth: 'none',
    handler: async (ctx, params) => {
      const p = requireObject(params, '/web/session/authenticate');
      const uid = await authenticate(ctx.app, p.db ?? ctx.app.db.name, p.login, p.password, clientAddress(ctx.req, ctx.app.config.proxyMode));
      const store = new SessionStore(ctx.app.db);
      if (ctx.session) await store.destroy(ctx.session.sid);
      const session = await store.create(uid, p.login, ctx.session?.debug ?? false);
      ctx.res.setHeader('Set-Cookie', SessionStore.cookie(session.sid, ctx.url.protocol === 'https:'));
      ctx.session = session;
      return ctx.sessionInfo();
    },
  },
  { path: '/web/session/get_session_info', auth: 'user', handler: (ctx) => ctx.sessionInfo() },
  { path: '/web/session/check', auth: 'user', handler: async () => null },
  {
    path: '/web/session/destroy', auth: 'none',
    handler: async (ctx) => {
      if (ctx.session) await new SessionStore(ctx.app.db).destroy(ctx.session.sid);
      ctx.res.setHeader('Set-Cookie', SessionStore.clearCookie());
      return null;
    },
  },
  { path: '/web/webclient/version_info', auth: 'none', handler: async () => SERVER_VERSION },
  { path: '/web/database/list', auth: 'none', handler: async (ctx) => [ctx.app.db.name] },
  {
    path: '/web/dataset/call_kw', auth: 'user',
    handler: (ctx, params) => {
      const p = requireObject(params, 'call_kw');
      return callKw(ctx.env!, p.model, p.method, p.args ?? [], p.kwargs ?? {});
    },
  },
  {
    path: '/web/dataset/call_button', auth: 'user',
    handler: (ctx, params) => {
      const p = requireObject(params, 'call_button');
      return callKw(ctx.env!, p.model, p.method, p.args ?? [], p.kwargs ?? {}, { button: true });
    },
  },
];

/** Builds the user's environment for an auth 'user' route, or reports an expired session. */
export function userEnv(ctx: RouteContext, cr: import('../db/database').Cursor): Environment {
  if (!ctx.session?.uid) throw new SessionExpired();
  const env = new Environment(ctx.app.registry, cr, ctx.session.uid, {}, false, ctx.session.debug);
  env.cache.db = ctx.app.db;
  return env;
}

