import type { Cursor, DatabaseKind, QueryOptions, QueryResult } from './database';

type RawQuery = (sql: string, params?: unknown[], options?: QueryOptions) => Promise<{ rows: any[]; rowCount?: number | null; affectedRows?: number }>;

/** A cursor over one engine connection that is already inside BEGIN. */
export class TransactionCursor implements Cursor {
  queryCount = 0;
  private savepointSeq = 0;
  private readonly commitHooks: Array<() => void | Promise<void>> = [];
  private readonly flushHooks: Array<() => Promise<void>> = [];
  private closed = false;

  constructor(readonly kind: DatabaseKind, private readonly raw: RawQuery) {}

  /**
   * Called when the transaction ends: code still holding the cursor (a job stopped at its
   * deadline, a forgotten promise) must not run statements on a connection that has gone
   * back to the pool and now serves someone else's transaction.
   */
  close(): void {
    this.closed = true;
  }

  async query<R = Record<string, any>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<QueryResult<R>> {
    if (this.closed) throw new CursorClosed();
    if (options?.flush !== false && this.flushHooks.length) await this.flush();
    this.queryCount += 1;
    const result = await this.raw(sql, params, options);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
  }

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    await this.flush();
    const name = `sp_${++this.savepointSeq}`;
    await this.raw(`SAVEPOINT ${name}`);
    try {
      const value = await fn();
      await this.raw(`RELEASE SAVEPOINT ${name}`);
      return value;
    } catch (error) {
      await this.raw(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }

  afterCommit(fn: () => void | Promise<void>): void {
    this.commitHooks.push(fn);
  }

  onFlush(fn: () => Promise<void>): void {
    this.flushHooks.push(fn);
  }

  /** Runs the deferred work (see Cursor.onFlush); the engines call it before COMMIT. */
  async flush(): Promise<void> {
    for (const hook of this.flushHooks) await hook();
  }

  async runCommitHooks(): Promise<void> {
    for (const hook of this.commitHooks.splice(0)) await hook();
  }
}

export class CursorClosed extends Error {
  constructor() {
    super('This transaction has already ended (committed, rolled back or stopped at its deadline); open a new one.');
  }
}
