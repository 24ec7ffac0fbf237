/**
 * The login throttle's counts in the database, so that every worker process (and every machine)
 * on one PostgreSQL counts the same failures: N workers no longer give an attacker N times the
 * allowance. Same rules as LoginThrottle (see throttle.ts), with the database's clock. The
 * statements run outside the login's transaction, which a failed login rolls back.
 */
import type { Database } from '../db/database';
import type { PostgresDatabase } from '../db/postgres';
import { DEFAULT_LIMITS, loginThrottle, type ThrottleLimits, type ThrottleVerdict } from './throttle';

/** Next to the sessions table (http_session), created on first use. */
const TABLES_SQL = [
  `CREATE TABLE IF NOT EXISTS http_login_failure (login varchar NOT NULL, client varchar NOT NULL, at timestamp NOT NULL DEFAULT now())`,
  'CREATE INDEX IF NOT EXISTS http_login_failure_login_at ON http_login_failure (login, at)',
  `CREATE TABLE IF NOT EXISTS http_login_trust (login varchar NOT NULL, client varchar NOT NULL, until timestamp NOT NULL, PRIMARY KEY (login, client))`,
];

export class SharedLoginThrottle {
  private readonly limits: ThrottleLimits;
  private ready: Promise<void> | null = null;

  constructor(private readonly db: PostgresDatabase, limits: Partial<ThrottleLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * Servers starting together would race on CREATE TABLE IF NOT EXISTS: under the install lock,
   * as the sessions table, in one round trip on the autocommit connections (never the caller's
   * pool). Several statements in one simple query are one transaction: the lock lasts until its end.
   */
  private ensureTables(): Promise<void> {
    this.ready ??= this.db.autocommit(`SELECT pg_advisory_xact_lock(7239001); ${TABLES_SQL.join('; ')}`).then(() => undefined, (error) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  async verdict(login: string, client: string): Promise<ThrottleVerdict> {
    await this.ensureTables();
    const [row] = await this.db.autocommit<{ pair: number; total: number; trusted: boolean }>(
      `SELECT count(*) FILTER (WHERE client = $2)::int AS pair, count(*)::int AS total,
              EXISTS (SELECT 1 FROM http_login_trust WHERE login = $1 AND client = $2 AND until > now()) AS trusted
         FROM http_login_failure WHERE login = $1 AND at > now() - make_interval(secs => $3)`,
      [login, client, this.limits.windowMs / 1000]);
    if (row!.pair >= this.limits.perClient) return 'client';
    if (row!.total >= this.limits.ceiling && !row!.trusted) return 'login';
    return 'allowed';
  }

  async recordFailure(login: string, client: string): Promise<void> {
    await this.ensureTables();
    // Failures older than the window count for nothing: the login's own are dropped here, and
    // now and then everyone's (a flood of made-up logins must not grow the table for ever).
    const sweep = Math.random() < 0.01 ? '' : 'login = $1 AND';
    await this.db.autocommit(
      `WITH old AS (DELETE FROM http_login_failure WHERE ${sweep} at < now() - make_interval(secs => $3))
       INSERT INTO http_login_failure (login, client) VALUES ($1, $2)`, [login, client, this.limits.windowMs / 1000]);
  }

  /** A success clears the address's failures and trusts the address for this login. */
  async recordSuccess(login: string, client: string): Promise<void> {
    await this.ensureTables();
    await this.db.autocommit(
      `WITH cleared AS (DELETE FROM http_login_failure WHERE login = $1 AND client = $2)
       INSERT INTO http_login_trust (login, client, until) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (login, client) DO UPDATE SET until = EXCLUDED.until`, [login, client, this.limits.trustMs / 1000]);
  }
}

export interface LoginThrottleStore {
  verdict(login: string, client: string): Promise<ThrottleVerdict>;
  recordFailure(login: string, client: string): Promise<void>;
  recordSuccess(login: string, client: string): Promise<void>;
}

const sharedByDatabase = new WeakMap<Database, SharedLoginThrottle>();

/** This process's counts: exact for PGlite, whose data directory only one process can open. */
const inProcess: LoginThrottleStore = {
  verdict: async (login, client) => loginThrottle.verdict(login, client),
  recordFailure: async (login, client) => loginThrottle.recordFailure(login, client),
  recordSuccess: async (login, client) => loginThrottle.recordSuccess(login, client),
};

/** The throttle of a database: shared through PostgreSQL, in this process otherwise. */
export function loginThrottleOf(db: Database | undefined): LoginThrottleStore {
  if (db?.kind !== 'postgres') return inProcess;
  let shared = sharedByDatabase.get(db);
  if (!shared) sharedByDatabase.set(db, (shared = new SharedLoginThrottle(db as PostgresDatabase)));
  return shared;
}
