import { onMounted, onWillUnmount } from '@odoo/owl';

/** A form arch's "poll": reload every `seconds` while the record matches the `while` domain. */
export interface PollSpec { seconds?: number; while?: unknown[] }

const MIN_SECONDS = 0.05;

/**
 * Live progress without a bus: while `shouldPoll()` holds, `tick()` runs every spec.seconds
 * (default 2). Returns `schedule`, to call whenever the record changed (a button started a
 * job). Stops with the component.
 */
export function usePoll(spec: () => PollSpec | undefined, shouldPoll: () => boolean, tick: () => Promise<void>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alive = true;
  const schedule = () => {
    clearTimeout(timer);
    const poll = spec();
    if (!alive || !poll || !shouldPoll()) return;
    timer = setTimeout(async () => {
      try {
        await tick();
      } catch {
        // a failed reload was notified by the rpc service; the next tick tries again
      }
      schedule();
    }, Math.max(MIN_SECONDS, poll.seconds ?? 2) * 1000);
  };
  onMounted(schedule);
  onWillUnmount(() => {
    alive = false;
    clearTimeout(timer);
  });
  return schedule;
}
