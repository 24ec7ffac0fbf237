import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Cursor, Database } from './database';
import { LockLost, lockKey } from './database';
import { TransactionCursor } from './cursor';
import { textParsers } from './parsers';

const types = {
  getTypeParser(oid: number, format?: any) {
    const parser = textParsers[oid];
    return parser ?? (pg.types.getTypeParser as any)(oid, format);
  },
};

/** PostgreSQL server: a pool, one client per transaction, session advisory locks for leases. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;

  /** Connections of their own for autocommit statements (see autocommit), opened on first use. */
  private sidePool: pg.Pool | null = null;

  private constructor(readonly name: string, private readonly pool: pg.Pool, private readonly connectionString: string) {}

  static async open(url: string, name: string, poolSize = 10): Promise<PostgresDatabase> {
    await ensureDatabase(url, name);
    // Pipeline mode: a statement is written without waiting for the previous one's answer, so
    // BEGIN travels with a transaction's first statement (one round trip less per RPC call).
    // Callers still await each statement in turn; nothing else changes.
    const pool = new pg.Pool({ connectionString: withDatabase(url, name), max: poolSize, types, pipeline: true } as pg.PoolConfig);
    // A dropped connection must not crash the process: the next checkout reconnects.
    pool.on('error', () => undefined);
    return new PostgresDatabase(name, pool, withDatabase(url, name));
  }

  async transaction<T>(fn: (cr: TransactionCursor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const watched = watchConnection(client);
    let broken = false;
    try {
      const begun = client.query('BEGIN');
      begun.catch(() => undefined); // awaited below; the first statement fails the same way
      const cursor = new TransactionCursor('postgres', (sql, params, options) => (options?.prepare
        ? client.query({ name: statementName(sql), text: sql, values: params as any[] })
        : client.query(sql, params as any[])));
      let value: T;
      try {
        value = await fn(cursor);
        await cursor.flush();
        cursor.close();
        await begun;
      } catch (error) {
        cursor.close();
        await client.query('ROLLBACK').catch(() => { broken = true; });
        throw error;
      }
      await client.query('COMMIT');
      await cursor.runCommitHooks();
      return value;
    } catch (error) {
      if (isConnectionError(error)) broken = true;
      throw error;
    } finally {
      watched.stop();
      client.release(broken || watched.lost() ? true : undefined);
    }
  }

  async tryWithLock<T>(key: string, fn: (held: AbortSignal) => Promise<T>) {
    const client = await this.pool.connect();
    const held = new AbortController();
    // The lock lives as long as this session: when the connection dies, the server has freed it.
    const watched = watchConnection(client, () => held.abort(new LockLost(key)));
    let unlocked = true;
    try {
      const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [lockKey(key).toString()]);
      if (!rows[0].ok) return { acquired: false as const };
      try {
        return { acquired: true as const, value: await fn(held.signal) };
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [lockKey(key).toString()]).catch(() => { unlocked = false; });
      }
    } finally {
      watched.stop();
      // A connection that died, or whose unlock failed, is closed: closing it is what frees the lock.
      client.release(watched.lost() || !unlocked ? true : undefined);
    }
  }

  /**
   * One statement in a transaction of its own, committed at once, whatever transaction the caller
   * is in: for records that must outlive the caller's rollback (a failed login's count). It runs
   * on two connections of its own: callers hold one of the main pool's, and ten of them each
   * waiting for another from the same pool would wait for ever.
   */
  async autocommit<R = Record<string, any>>(sql: string, params: unknown[] = []): Promise<R[]> {
    if (!this.sidePool) {
      this.sidePool = new pg.Pool({ connectionString: this.connectionString, max: 2, types } as pg.PoolConfig);
      this.sidePool.on('error', () => undefined); // a dropped idle connection: the next statement reconnects
    }
    return (await this.sidePool.query(sql, params as any[])).rows as R[];
  }

  async isLocked(key: string, cr?: Cursor): Promise<boolean> {
    // pg_locks shows a bigint advisory key as its high and low 32 bits (classid, objid), objsubid 1.
    const k = BigInt.asUintN(64, lockKey(key));
    const sql = "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 1";
    const params = [(k >> 32n).toString(), (k & 0xffffffffn).toString()];
    // pg_locks is not transactional: the caller's own connection sees every session's locks.
    const { rows } = cr ? await cr.query(sql, params, { flush: false }) : await this.pool.query(sql, params);
    return rows.length > 0;
  }

  async close(): Promise<void> {
    await this.sidePool?.end();
    await this.pool.end();
  }
}

/**
 * The pool only listens to the errors of idle clients. A connection the server drops while the
 * process holds it between two statements (terminated backend, restart, network) emits 'error'
 * with nobody listening, which would end the process; this listens until the client goes back.
 */
function watchConnection(client: pg.PoolClient, onLost?: () => void): { lost(): boolean; stop(): void } {
  let lost = false;
  const onError = () => {
    lost = true;
    onLost?.();
  };
  client.on('error', onError);
  client.on('end', onError);
  return { lost: () => lost, stop: () => { client.removeListener('error', onError); client.removeListener('end', onError); } };
}

/** A prepared statement's name, the same for the same SQL on every connection. */
function statementName(sql: string): string {
  return `erp_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return code.startsWith('08') || code === 'ECONNRESET' || code === '57P01' || /terminat|Connection/i.test(String((error as Error)?.message));
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates the database on the server when it does not exist yet (first start). */
export async function ensureDatabase(url: string, name: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Invalid database name "${name}": use letters, digits, _ and -.`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rows.length) await admin.query(`CREATE DATABASE "${name}"`).catch((error) => {
      if ((error as { code?: string }).code !== '42P04') throw error; // created concurrently
    });
  } finally {
    await admin.end();
  }
}
