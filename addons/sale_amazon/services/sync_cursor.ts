/**
 * What moving an account's "Last Order Sync" will do. The admin moves it to force a re-sync (or,
 * by mistake, past orders not yet imported); the account form says which of the two it is.
 */

/** Datetimes as the ORM stores them: 'YYYY-MM-DD HH:MM:SS', UTC. */
function epoch(odooDatetime: string): number {
  return Date.parse(`${odooDatetime.replace(' ', 'T')}Z`);
}

/**
 * @param cursor  the account's Last Order Sync
 * @param reached how far the last finished synchronisation got (false: never synchronised)
 * @param now     the current time, same format
 * @returns the message to show, or false when the next sync simply continues where it stopped
 */
export function cursorEffect(cursor: string | false, reached: string | false, now: string): string | false {
  if (!cursor) return false;
  const at = epoch(cursor);
  if (reached && at < epoch(reached)) {
    return `The next synchronisation reads again every order changed since ${cursor} (UTC): orders missing here are imported, `
      + 'orders already imported are updated, and none is duplicated.';
  }
  // Amazon's clock, which the last run followed, may run ahead of ours: "future" is past both.
  if (at > Math.max(epoch(now), reached ? epoch(reached) : 0)) {
    return `This date is in the future: orders whose Amazon status changes before ${cursor} (UTC) will not be imported. `
      + 'Set an earlier date unless you mean to skip them.';
  }
  if (reached && at > epoch(reached)) {
    return `Orders whose Amazon status changed between ${reached} and ${cursor} (UTC) will be skipped: `
      + `the last synchronisation stopped at ${reached}. Set that date back to import them.`;
  }
  return false;
}
