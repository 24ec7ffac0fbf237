/**
 * Run records left 'running' by a process that died (killed, machine lost): nothing will ever
 * finish them, and a record that stays 'running' makes the account look busy for ever.
 */
import type { SyncContext } from './order_import';
import { inTransaction } from './order_import';

export const STALE_RUN_MESSAGE = 'The process running this synchronisation stopped before it finished (killed or restarted). '
  + 'What it had committed is kept; a later run continued from there.';

/**
 * Marks the account's other 'running' runs of this kind as interrupted. Called by a run that
 * has just taken the account's lock: whoever else was running is gone, since it held the lock.
 */
export async function interruptStaleRuns(ctx: SyncContext, accountId: number, kind: 'orders' | 'pickings'): Promise<number> {
  return inTransaction(ctx, async (env) => {
    const stale = await env.model('amazon.sync.run').search([['account_id', '=', accountId], ['kind', '=', kind], ['state', '=', 'running']]);
    if (stale.length) await stale.write({ state: 'interrupted', message: STALE_RUN_MESSAGE, finished_at: new Date().toISOString().slice(0, 19).replace('T', ' ') });
    return stale.length;
  });
}
