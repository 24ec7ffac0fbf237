/**
 * When a synchronisation must stop between two units of work (orders, deliveries): the cron's
 * time limit, the account lock lost with its database connection, the server stopping, or the
 * account unlinked from Amazon or archived while the run went on.
 */
import type { SyncContext } from './order_import';

/** The context of a run that holds the account lock: it also stops when the lock is lost. */
export function whileHeld(ctx: SyncContext, held: AbortSignal): SyncContext {
  return { ...ctx, signal: ctx.signal ? AbortSignal.any([ctx.signal, held]) : held };
}

/** Why the run must stop now (a message for its run record), or null to go on. */
export function stopReason(ctx: SyncContext): string | null {
  if (ctx.signal?.aborted) {
    const reason = ctx.signal.reason;
    return `Synchronisation stopped: ${reason instanceof Error ? reason.message : String(reason)}. The next run continues from here.`;
  }
  if (ctx.deadline && Date.now() > ctx.deadline) return 'Stopped at the time limit; the next run continues from here.';
  return null;
}

/**
 * Why the account may no longer be synchronised: its seller's authorisation was removed
 * ("Unlink") or it was archived after the run started. The run holds an access token that
 * would go on working for up to an hour, so it must look at the account itself: one small
 * query of its own transaction, between two units of work.
 */
export async function accountStopReason(ctx: SyncContext, accountId: number): Promise<string | null> {
  const { rows } = await ctx.db.transaction((cr) => cr.query<{ active: boolean; linked: boolean }>(
    "SELECT active, coalesce(refresh_token, '') <> '' AS linked FROM amazon_account WHERE id = $1", [accountId]));
  if (!rows.length) return 'Synchronisation stopped: the account was deleted while it ran.';
  if (!rows[0].linked) return 'Synchronisation stopped: the account was unlinked from Amazon while it ran. Link it again to synchronise its orders.';
  if (!rows[0].active) return 'Synchronisation stopped: the account was archived while it ran.';
  return null;
}

/** Every reason to stop now: the run's own first (no query), then the account's. */
export async function stopReasonOf(ctx: SyncContext, accountId: number): Promise<string | null> {
  return stopReason(ctx) ?? (await accountStopReason(ctx, accountId));
}
