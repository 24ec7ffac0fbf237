import { createHash } from 'node:crypto';
import { AccessDenied, UserError } from '../orm/exceptions';
import { Environment, SUPERUSER_ID } from '../orm/environment';
import type { App } from '../http/routes';
import type { Cursor } from '../db/database';
import { callKw } from './call_kw';
import { LOCAL_CLIENT } from '../security/throttle';
import { accessColumns, accessGroupsCte, rememberAccess, type AccessRow, type Operation } from '../orm/access';

export const SERVER_VERSION = {
  server_version: '17.0',
  server_version_info: [17, 0, 0, 'final', 0, ''],
  server_serie: '17.0',
  protocol_version: 1,
};

/** Checked (uid, password) pairs, so stateless clients do not pay a scrypt hash per call. */
const verified = new Map<string, number>();
const VERIFIED_TTL_MS = 60_000;

/**
 * Login check shared by common.login/authenticate and the web session. `client` is the
 * caller's address (the login throttle counts failures per login and address).
 */
export async function authenticate(app: App, db: unknown, login: unknown, password: unknown, client: string = LOCAL_CLIENT): Promise<number> {
  if (db !== app.db.name) throw new AccessDenied(`Database ${JSON.stringify(db)} not found.`);
  if (typeof login !== 'string' || typeof password !== 'string') throw new AccessDenied();
  return app.db.transaction(async (cr) => {
    const env = new Environment(app.registry, cr, SUPERUSER_ID);
    env.cache.db = app.db; // the login throttle counts through the database (shared by all workers)
    const uid = await (env.model('res.users') as any)._checkCredentials(login, password, client);
    await cr.query(`UPDATE res_users SET login_date = now() AT TIME ZONE 'UTC' WHERE id = $1`, [uid]);
    return uid;
  });
}

/** The access check an ORM method starts with, looked up together with the credentials. */
const FIRST_CHECK: Record<string, Operation> = {
  search: 'read', search_read: 'read', search_count: 'read', read: 'read', read_group: 'read', name_search: 'read',
  web_search_read: 'read', web_read: 'read', create: 'create', write: 'write', unlink: 'unlink',
};

interface Credentials {
  uid: number;
  access?: { model: string; operation: Operation; row: AccessRow };
}

/**
 * Checks (uid, password) of an `object` call. When the call is an ORM method on a known model,
 * the same query also fetches the user's right, rules and companies for it (see
 * accessColumns), so a search_read costs one round trip less.
 */
async function checkUidPassword(app: App, cr: Cursor, db: unknown, uid: unknown, password: unknown, client: string, model?: unknown, method?: unknown): Promise<Credentials> {
  if (db !== app.db.name) throw new AccessDenied(`Database ${JSON.stringify(db)} not found.`);
  const id = Number(uid);
  if (!Number.isInteger(id) || id <= 0 || typeof password !== 'string') throw new AccessDenied();
  const operation = typeof method === 'string' ? FIRST_CHECK[method] : undefined;
  const prime = operation && typeof model === 'string' && app.registry.has(model) ? { model, operation } : null;
  // The stored hash is part of the key: a changed password or an archived user (no row) stops
  // the old credentials at once, in every worker, for the price of one primary-key lookup.
  const { rows } = prime
    ? await cr.query<{ login: string; password: string | null } & AccessRow>(
      `${accessGroupsCte('$1')} SELECT u.login, u.password, ${accessColumns(prime.operation, '$1', '$2')} FROM res_users u WHERE u.id = $1 AND u.active IS TRUE`, [id, prime.model], { prepare: true })
    : await cr.query<{ login: string; password: string | null } & AccessRow>('SELECT login, password FROM res_users WHERE id = $1 AND active IS TRUE', [id]);
  if (!rows.length) throw new AccessDenied();
  const credentials: Credentials = { uid: id, access: prime ? { ...prime, row: rows[0] } : undefined };
  const key = createHash('sha256').update(`${id}\0${password}\0${rows[0].password ?? ''}`).digest('hex');
  const until = verified.get(key);
  if (until && until > Date.now()) return credentials;
  const env = new Environment(app.registry, cr, SUPERUSER_ID);
  env.cache.db = app.db;
  const checked = await (env.model('res.users') as any)._checkCredentials(rows[0].login, password, client);
  if (checked !== id) throw new AccessDenied();
  if (verified.size > 10_000) verified.clear();
  verified.set(key, Date.now() + VERIFIED_TTL_MS);
  return credentials;
}

/** Forget cached credentials (password changed, user archived). */
export function forgetVerifiedCredentials(): void {
  verified.clear();
}

/** The `common` and `object` services of /jsonrpc and /xmlrpc/2, same semantics for both. */
export async function dispatchService(app: App, service: string, method: string, args: unknown[], client: string = LOCAL_CLIENT): Promise<unknown> {
  if (!Array.isArray(args)) throw new UserError('The arguments of a service call must be a list.');
  if (service === 'common') {
    switch (method) {
      case 'version': return SERVER_VERSION;
      case 'login':
      case 'authenticate': {
        const [db, login, password] = args;
        try {
          return await authenticate(app, db, login, password, client);
        } catch (error) {
          if (error instanceof AccessDenied) return false;
          throw error;
        }
      }
      case 'about': return 'See https://www.odoo.com for the protocol this server speaks.';
      default: throw new UserError(`Method not available: common.${method}.`);
    }
  }
  if (service === 'object') {
    const [db, uid, password, model, name, ...rest] = args;
    let callArgs: unknown[];
    let kwargs: unknown;
    if (method === 'execute_kw') {
      callArgs = (rest[0] ?? []) as unknown[];
      kwargs = rest[1] ?? {};
    } else if (method === 'execute') {
      callArgs = rest;
      kwargs = {};
    } else throw new UserError(`Method not available: object.${method}.`);
    return app.db.transaction(async (cr) => {
      // Credentials are checked inside the call's transaction: one round trip less per call.
      const credentials = await checkUidPassword(app, cr, db, uid, password, client, model, name);
      const env = new Environment(app.registry, cr, credentials.uid, {}, false, false);
      env.cache.db = app.db;
      if (credentials.access) rememberAccess(env, credentials.access.model, credentials.access.operation, credentials.access.row);
      return callKw(env, model as string, name as string, callArgs, kwargs);
    });
  }
  if (service === 'db') {
    switch (method) {
      case 'list': return [app.db.name];
      case 'db_exist': return args[0] === app.db.name;
      case 'server_version': return SERVER_VERSION.server_version;
      default: throw new AccessDenied();
    }
  }
  throw new UserError(`Unknown service ${JSON.stringify(service)}: use common, object or db.`);
}
