/**
 * Run records left 'running' by a process that died (killed, machine lost): nothing will ever
 * finish them, and a record that stays 'running' makes the account look busy for ever.
 */
import type { Environment } from '../../base/orm/environment';
import type { SyncContext } from './order_import';
import { inTransaction } from './order_import';

export const STALE_RUN_MESSAGE = 'The process running this synchronisation stopped before it finished (killed or restarted). '
  + 'What it had committed is kept; the next synchronisation continues from there.';

function nowOdoo(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Marks the account's other 'running' runs of this kind as interrupted. Called by a run that
 * has just taken the account's lock: whoever else was running is gone, since it held the lock.
 */
export async function interruptStaleRuns(ctx: SyncContext, accountId: number, kind: 'orders' | 'pickings'): Promise<number> {
  return inTransaction(ctx, async (env) => {
    const stale = await env.model('amazon.sync.run').search([['account_id', '=', accountId], ['kind', '=', kind], ['state', '=', 'running']]);
    if (stale.length) await stale.write({ state: 'interrupted', message: STALE_RUN_MESSAGE, finished_at: nowOdoo() });
    return stale.length;
  });
}

/**
 * Marks interrupted, before runs are shown, the 'running' runs whose account lock nobody holds:
 * a run holds its lock until its record says how it ended, so a free lock means its process is
 * gone (on PostgreSQL no session holds it; PGlite lives in one process, which would hold it).
 * Without this, the runs list would show a dead run as running until the account's next sync.
 * The update re-checks the state, so a run that ended meanwhile keeps its own outcome.
 */
export async function interruptDeadRuns(env: Environment): Promise<void> {
  const { rows } = await env.cr.query<{ id: number; account_id: number; kind: string }>(
    "SELECT id, account_id, kind FROM amazon_sync_run WHERE state = 'running' AND kind IN ('orders', 'pickings')");
  const dead: number[] = [];
  for (const row of rows) if (!(await env.db.isLocked(`sale_amazon.${row.kind}.${row.account_id}`, env.cr))) dead.push(row.id);
  if (!dead.length) return;
  // Housekeeping of the connector, not the reader's change: raw SQL, whatever the reader may write.
  await env.cr.query("UPDATE amazon_sync_run SET state = 'interrupted', message = $2, finished_at = $3, write_date = now() WHERE id = ANY($1::int[]) AND state = 'running'",
    [dead, STALE_RUN_MESSAGE, nowOdoo()]);
}
