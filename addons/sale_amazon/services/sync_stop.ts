/**
 * When a synchronisation must stop between two units of work (orders, deliveries): the cron's
 * time limit, the account lock lost with its database connection, or the server stopping.
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
