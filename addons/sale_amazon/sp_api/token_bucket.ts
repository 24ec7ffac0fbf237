import type { Clock } from './clock';
import type { UsagePlan } from './usage_plans';

/**
 * Client-side mirror of Amazon's token bucket for one operation: `burst` tokens to start with,
 * `rate` tokens added per second. `take()` resolves when a request may leave without being
 * throttled; callers are served first come, first served, so concurrent requests of one operation
 * leave exactly at Amazon's pace and never wait longer than the plan requires.
 *
 * Why requests in flight are counted: a request whose token we took is only charged by Amazon
 * when it arrives, and Amazon's bucket never holds more than `burst`. While our request travels
 * (or sits in a socket queue, or the process stalls), Amazon's bucket may fill up to `burst` and
 * lose the refill that would have paid for it; ours must not count that refill either. Keeping
 * `tokens + inFlight <= burst` makes our count a lower bound of Amazon's whatever the latency, so
 * no shift or safety margin in time is needed: both buckets refill on the same clock.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private inFlight = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private plan: UsagePlan, private readonly clock: Clock) {
    this.tokens = plan.burst;
    this.updatedAt = clock.now();
  }

  get rate(): number {
    return this.plan.rate;
  }

  /** Whether more than half of the burst is there to spend now (a call may leave without waiting). */
  get plentiful(): boolean {
    this.refill();
    return this.tokens >= Math.max(1, this.plan.burst / 2);
  }

  /** Requests that took a token and have not been answered yet. */
  get pending(): number {
    return this.inFlight;
  }

  /**
   * Waits for a token; the caller must `release()` once the request is answered or has failed.
   * When `signal` aborts first, no token is taken and the promise rejects with the signal's reason.
   */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    // One caller giving up must not stop the callers behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The request of a `take()` got its answer (or never left): Amazon has charged it, or never will. */
  release(): void {
    this.refill();
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Amazon answered 429: it has no token left, whatever we counted. */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  /** Follows the rate Amazon announces in `x-amzn-RateLimit-Limit` (it may differ per seller). */
  setRate(rate: number): void {
    if (!(rate > 0) || rate === this.plan.rate) return;
    this.refill();
    this.plan = { ...this.plan, rate };
  }

  private refill(): void {
    const now = this.clock.now();
    if (now > this.updatedAt) {
      const ceiling = this.plan.burst - this.inFlight;
      // Never raise past the ceiling, but never lower either: tokens already counted stay counted.
      this.tokens = Math.max(this.tokens, Math.min(ceiling, this.tokens + ((now - this.updatedAt) / 1000) * this.plan.rate));
      this.updatedAt = now;
    }
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        this.inFlight += 1;
        return;
      }
      await this.clock.sleep(((1 - this.tokens) / this.plan.rate) * 1000, signal);
    }
  }
}

/** The buckets of one account: one per operation, created on first use from the plan table. */
export class Pacer {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly clock: Clock, private readonly plans: Readonly<Record<string, UsagePlan>>) {}

  bucket(operation: string): TokenBucket {
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      // An operation missing from the table gets a cautious plan rather than none.
      bucket = new TokenBucket(this.plans[operation] ?? { rate: 0.5, burst: 1 }, this.clock);
      this.buckets.set(operation, bucket);
    }
    return bucket;
  }
}

const pacersByClock = new WeakMap<Clock, Map<string, Pacer>>();

/**
 * The pacer of an account: adapters created for the same account (and clock) share it, so two sync
 * jobs of one seller never exceed Amazon's plan together.
 */
export function accountPacer(accountKey: string, clock: Clock, plans: Readonly<Record<string, UsagePlan>>): Pacer {
  let byAccount = pacersByClock.get(clock);
  if (!byAccount) pacersByClock.set(clock, (byAccount = new Map()));
  let pacer = byAccount.get(accountKey);
  if (!pacer) byAccount.set(accountKey, (pacer = new Pacer(clock, plans)));
  return pacer;
}
