import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import type { Session } from './routes';

const LIFETIME_DAYS = 7;

/**
 * Sessions live in the database so any worker can serve any request. The cookie holds an
 * 84-character random id (as Odoo 17); nothing else about the user is trusted from the client.
 */
export class SessionStore {
  constructor(private readonly db: Database) {}

  static async ensureTable(db: Database): Promise<void> {
    await db.transaction(async (cr) => {
      // Servers starting together would race on CREATE TABLE IF NOT EXISTS (a duplicate pg_type
      // row): take the loader's install lock first.
      if (cr.kind === 'postgres') await cr.query('SELECT pg_advisory_xact_lock(7239001)');
      await cr.query(`CREATE TABLE IF NOT EXISTS http_session (
        sid varchar(128) PRIMARY KEY, uid integer, login varchar, debug boolean NOT NULL DEFAULT false,
        context text NOT NULL DEFAULT '{}', expires timestamp NOT NULL, created timestamp NOT NULL DEFAULT now())`);
    });
  }

  async get(sid: string | undefined): Promise<Session | null> {
    if (!sid || sid.length > 128) return null;
    return this.db.transaction(async (cr) => {
      const { rows } = await cr.query<{ sid: string; uid: number | null; login: string | null; debug: boolean; context: string }>(
        'SELECT sid, uid, login, debug, context FROM http_session WHERE sid = $1 AND expires > now()', [sid]);
      if (!rows.length) return null;
      const row = rows[0];
      return { sid: row.sid, uid: row.uid, login: row.login, debug: row.debug, context: JSON.parse(row.context) };
    });
  }

  /** A fresh session id at each login (session fixation), as Odoo rotates it. */
  async create(uid: number | null, login: string | null, debug = false): Promise<Session> {
    const sid = randomBytes(63).toString('base64url');
    await this.db.transaction((cr) => cr.query(
      `INSERT INTO http_session (sid, uid, login, debug, context, expires) VALUES ($1, $2, $3, $4, '{}', now() + interval '${LIFETIME_DAYS} days')`,
      [sid, uid, login, debug]));
    return { sid, uid, login, debug, context: {} };
  }

  async setDebug(sid: string, debug: boolean): Promise<void> {
    await this.db.transaction((cr) => cr.query('UPDATE http_session SET debug = $2 WHERE sid = $1', [sid, debug]));
  }

  async destroy(sid: string): Promise<void> {
    await this.db.transaction((cr) => cr.query('DELETE FROM http_session WHERE sid = $1 OR expires < now()', [sid]));
  }

  /** Secure when the client came over HTTPS (seen through the proxy in proxy mode): never sent in clear. */
  static cookie(sid: string, secure = false): string {
    return `session_id=${sid}; Max-Age=${LIFETIME_DAYS * 86400}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  }

  static clearCookie(): string {
    return 'session_id=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax';
  }
}
