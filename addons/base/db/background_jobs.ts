/**
 * Work that outlives the request which started it (a Sync button's synchronisation): the RPC
 * answers once its transaction commits and the job runs on in this process. A job's failure is
 * logged, never thrown at the process; stopping the server asks running jobs to stop (their
 * signal is aborted) and waits for them, so none is cut half-way through a unit of work.
 */
import { logger } from '../logger';

const running = new Set<Promise<void>>();
/** Jobs by the key they were started with (e.g. the lock they will take), while they run. */
const runningKeys = new Map<string, number>();
let stopping = new AbortController();

/**
 * Starts job now, detached from the caller; its signal is aborted when the server stops. A key
 * lets screens know the work is under way before it has recorded anything (see isRunningInBackground).
 */
export function runInBackground(label: string, job: (signal: AbortSignal) => Promise<unknown>, key?: string): void {
  const signal = stopping.signal;
  if (key) runningKeys.set(key, (runningKeys.get(key) ?? 0) + 1);
  const promise: Promise<void> = Promise.resolve()
    .then(() => job(signal))
    .then(() => undefined, (error: unknown) => {
      logger.error({ job: label, error: error instanceof Error ? error.message : String(error) }, `background job "${label}" failed`);
    })
    .finally(() => {
      running.delete(promise);
      if (key) runningKeys.set(key, runningKeys.get(key)! - 1);
      if (key && !runningKeys.get(key)) runningKeys.delete(key);
    });
  running.add(promise);
}

/** Whether a job started with this key runs in this process. */
export function isRunningInBackground(key: string): boolean {
  return runningKeys.has(key);
}

/** Resolves once every background job started so far (and any they started) has ended. */
export async function backgroundJobsSettled(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

export function backgroundJobCount(): number {
  return running.size;
}

/**
 * Graceful stop: running jobs see their signal aborted and end at their next safe point (a
 * synchronisation between two orders); this resolves once they have. Jobs started afterwards
 * get a fresh signal.
 */
export async function stopBackgroundJobs(reason = 'the server was stopped'): Promise<void> {
  const current = stopping;
  stopping = new AbortController();
  current.abort(new Error(reason));
  await backgroundJobsSettled();
}
