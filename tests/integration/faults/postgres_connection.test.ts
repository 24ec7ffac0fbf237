/**
 * The PostgreSQL driver when the server drops a connection (pg_terminate_backend, a restart, a
 * failover): a connection killed while the process holds it between two statements must fail
 * that transaction (or end that lock, telling its holder) cleanly, never crash the process with an unhandled 'error'
 * event, and never go back to the pool; the next transaction gets a fresh connection.
 */
import pg from 'pg';
import { PostgresDatabase, withDatabase } from '../../../addons/base/db/postgres';
import { LockLost } from '../../../addons/base/db/database';
import { engines, testDatabaseUrl } from '../../support/db';
import { sleep } from '../../support/processes';

(engines().includes('postgres') ? describe : describe.skip)('PostgreSQL connection dropped while checked out', () => {
  const name = `faults_conn_${process.pid}`;
  let db: PostgresDatabase;
  let admin: pg.Client;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => { uncaught.push(error); };

  beforeAll(async () => {
    db = await PostgresDatabase.open(testDatabaseUrl()!, name, 4);
    admin = new pg.Client({ connectionString: withDatabase(testDatabaseUrl()!, 'postgres') });
    await admin.connect();
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await db?.close();
    await admin?.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin?.end();
  });

  test('inside a transaction: the transaction fails with the connection error, the next one works', async () => {
    const failed = db.transaction(async (cr) => {
      const { rows } = await cr.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      // The server's goodbye arrives while no statement is running (the process awaits something else).
      await sleep(300);
      await cr.query('SELECT 1');
    });
    await expect(failed).rejects.toThrow(/terminat|Connection|EPIPE|not queryable/i);
    expect(uncaught).toEqual([]);
    for (let i = 0; i < 6; i++) {
      expect(await db.transaction(async (cr) => (await cr.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n)).toBe(1);
    }
  });

  test('while holding an advisory lock: the work ends, the lock is free again, the pool keeps serving', async () => {
    const result = await db.tryWithLock('faults.lock', async (held) => {
      expect(await db.isLocked('faults.lock')).toBe(true);
      const { rows } = await admin.query<{ pid: number }>(
        "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = $1", [name]);
      expect(rows).toHaveLength(1);
      expect(held.aborted).toBe(false);
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await sleep(300);
      // The holder is told: the lock went with its connection, another process may take it now.
      expect(held.aborted).toBe(true);
      expect(held.reason).toBeInstanceOf(LockLost);
      expect(await db.isLocked('faults.lock')).toBe(false);
      return 'finished';
    });
    expect(result).toEqual({ acquired: true, value: 'finished' });
    expect(uncaught).toEqual([]);
    const again = await db.tryWithLock('faults.lock', async () => 'again');
    expect(again).toEqual({ acquired: true, value: 'again' });
    for (let i = 0; i < 6; i++) {
      expect(await db.transaction(async (cr) => (await cr.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n)).toBe(1);
    }
  });
});
