import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Cursor, Database } from './database';
import { TransactionCursor } from './cursor';
import { textParsers } from './parsers';

/**
 * Embedded PostgreSQL (WASM). One connection: PGlite's own transaction() queues callers, so
 * concurrent requests never share a BEGIN. Locks are process-local, which is exact here
 * because only one process can open a PGlite data directory.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly heldLocks = new Set<string>();

  private constructor(readonly name: string, private readonly db: PGlite) {}

  static async open(name: string, dataDir?: string): Promise<PgliteDatabase> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    // Options object form: `new PGlite(undefined, opts)` (in-memory) silently drops opts, parsers included.
    const db = new PGlite({ dataDir, parsers: textParsers });
    await db.waitReady;
    return new PgliteDatabase(name, db);
  }

  async transaction<T>(fn: (cr: TransactionCursor) => Promise<T>): Promise<T> {
    let cursor!: TransactionCursor;
    const value = await this.db.transaction(async (tx) => {
      cursor = new TransactionCursor('pglite', (sql, params) => tx.query(sql, params as any[]));
      try {
        const value = await fn(cursor);
        await cursor.flush();
        return value;
      } finally {
        cursor.close();
      }
    });
    await cursor.runCommitHooks();
    return value;
  }

  async tryWithLock<T>(key: string, fn: (held: AbortSignal) => Promise<T>) {
    if (this.heldLocks.has(key)) return { acquired: false as const };
    this.heldLocks.add(key);
    try {
      // A process-local lock cannot be lost while the process lives: the signal never aborts.
      return { acquired: true as const, value: await fn(new AbortController().signal) };
    } finally {
      this.heldLocks.delete(key);
    }
  }

  async isLocked(key: string, _cr?: Cursor): Promise<boolean> {
    return this.heldLocks.has(key);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
