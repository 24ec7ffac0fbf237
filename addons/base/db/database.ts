/**
 * The small database interface both engines sit behind. Business code only ever sees a Cursor
 * inside a transaction; the engine decides how transactions are queued (PGlite has a single
 * connection) or pooled (PostgreSQL).
 */
export interface QueryResult<R = Record<string, any>> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Keep the statement prepared on the connection (PostgreSQL): for fixed SQL run on every
   * call, it saves the planning. Never for SQL assembled from a request (domains...).
   */
  prepare?: boolean;
  /**
   * false for the ORM's own statements of the write path: they run without first computing
   * the stored computes the transaction has queued (see Cursor.onFlush). Every other
   * statement flushes first, so raw SQL in addons always reads computed columns up to date.
   */
  flush?: boolean;
}

export interface Cursor {
  readonly kind: DatabaseKind;
  query<R = Record<string, any>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<R>>;
  /** Runs fn inside a SAVEPOINT: an error rolls back fn's writes only, then is rethrown. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  /** Number of statements run on this cursor; tests use it to prove constant-query reads. */
  readonly queryCount: number;
  /** Callbacks run after the enclosing transaction commits (never after a rollback). */
  afterCommit(fn: () => void | Promise<void>): void;
  /**
   * Work the ORM defers within the transaction (stored computes waiting for a batch
   * recompute): fn runs before COMMIT and before each SAVEPOINT (so a rolled-back savepoint
   * never takes earlier pending work with it), as Odoo's flush. Registered once, run each time.
   */
  onFlush(fn: () => Promise<void>): void;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly name: string;
  /** One unit of work: commits when fn resolves, rolls back when it throws. */
  transaction<T>(fn: (cr: Cursor) => Promise<T>): Promise<T>;
  /**
   * Runs fn while holding an exclusive lock named by key, across processes on PostgreSQL.
   * Returns { acquired: false } at once when another holder has it. The lock can be lost while
   * fn runs (its connection died): `held` is then aborted, with a LockLost reason, and fn must
   * stop at its next safe point, since another process may now take the lock.
   */
  tryWithLock<T>(key: string, fn: (held: AbortSignal) => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
  /**
   * Whether some process (this one included) holds the lock named by key right now. Callers inside
   * a transaction pass its cursor: asking on another pool connection while holding one could wait
   * for ever when every connection of the pool is held by a request doing the same.
   */
  isLocked(key: string, cr?: Cursor): Promise<boolean>;
  close(): Promise<void>;
}

/** Why a lock holder must stop: the lock is no longer its own. */
export class LockLost extends Error {
  constructor(readonly key: string) {
    super(`the database connection holding the lock "${key}" was lost, so another process may start the same work`);
  }
}

/** Turns a lock name into the signed 64-bit key pg_advisory_lock wants (stable FNV-1a). */
export function lockKey(name: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(name, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, hash);
}

/**
 * An error of the database rather than of the data: the connection was lost (class 08, server
 * shutdown 57P01-57P03, a client whose connection died) or the transaction lost a race
 * (serialization failure 40001, deadlock 40P01). The same work can succeed when tried again.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '40001', '40P01', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(code)) return true;
  return /Connection terminated|not queryable|Client was closed|terminating connection/i.test(String((error as Error)?.message ?? ''));
}
