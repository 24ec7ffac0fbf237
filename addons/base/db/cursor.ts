import type { Cursor, DatabaseKind, QueryResult } from './database';

type RawQuery = (sql: string, params?: unknown[]) => Promise<{ rows: any[]; rowCount?: number | null; affectedRows?: number }>;

/** A cursor over one engine connection that is already inside BEGIN. */
export class TransactionCursor implements Cursor {
  queryCount = 0;
  private savepointSeq = 0;
  private readonly commitHooks: Array<() => void | Promise<void>> = [];

  constructor(readonly kind: DatabaseKind, private readonly raw: RawQuery) {}

  async query<R = Record<string, any>>(sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
    this.queryCount += 1;
    const result = await this.raw(sql, params);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
  }

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
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

  async runCommitHooks(): Promise<void> {
    for (const hook of this.commitHooks.splice(0)) await hook();
  }
}
