/**
 * Time as the SP-API layer sees it. Pacing waits on this clock, so tests and the benchmark can run
 * an hour of Amazon rate limits in milliseconds by handing in a scaled clock.
 */
export interface Clock {
  /** Milliseconds since the epoch, in Amazon time. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds of Amazon time, or as soon as `signal` aborts (its timer is
   * then cleared, so a closed adapter leaves nothing behind that keeps the process alive).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A wall-clock wait that an AbortSignal cuts short. */
export function abortableDelay(realMs: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, realMs));
    signal?.addEventListener('abort', done, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => abortableDelay(ms, signal),
};

/**
 * A clock running `scale` times faster than the wall clock, starting at `origin`, that can be moved
 * forward by hand. The sandbox uses it for its own time; a client in the same process shares it.
 */
export class ScaledClock implements Clock {
  private readonly startReal = performance.now();
  private offsetMs = 0;

  constructor(readonly scale = 1, private readonly origin = Date.now()) {
    if (!(scale > 0)) throw new Error(`time scale must be positive, got ${scale}`);
  }

  now(): number {
    return this.origin + (performance.now() - this.startReal) * this.scale + this.offsetMs;
  }

  /**
   * Node's timers run on the event loop's cached millisecond clock and may fire up to a
   * millisecond early; scaled, that is a noticeable slice of Amazon time, so the wait is topped up
   * until the promised Amazon time has truly passed.
   */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const until = this.now() + ms;
    for (let left = ms; left > 0 && !signal?.aborted; left = until - this.now()) {
      await abortableDelay(left / this.scale, signal);
    }
  }

  /** Jumps forward by `ms` of Amazon time (tokens expire, statuses move on, buckets refill). */
  advance(ms: number): void {
    if (ms < 0) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
  }

  /** Wall-clock milliseconds that `amazonMs` of Amazon time take. */
  realMs(amazonMs: number): number {
    return amazonMs / this.scale;
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
