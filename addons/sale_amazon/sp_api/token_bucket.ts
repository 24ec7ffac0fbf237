import type { Clock } from './clock';
import type { UsagePlan } from './usage_plans';

/**
 * Client-side mirror of Amazon's token bucket for one operation: `burst` tokens to start with,
 * `rate` tokens added per second. `take()` resolves when a request may leave without being
 * throttled; callers are served first come, first served, so concurrent requests of one operation
 * leave exactly at Amazon's pace and never wait longer than the plan requires.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();
  /**
   * How late Amazon may see a request after we took its token: the longest send-to-answer time
   * seen. Refill is counted on a timeline shifted back by it, so that network jitter can never
   * make Amazon's bucket emptier than ours: the price is one latency per run, not per call. It
   * never shrinks: a shrinking shift would credit refill faster than Amazon grants it.
   */
  private lagMs = 0;

  constructor(private plan: UsagePlan, private readonly clock: Clock) {
    this.tokens = plan.burst;
    this.updatedAt = clock.now();
  }

  get rate(): number {
    return this.plan.rate;
  }

  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn;
    return turn;
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

  /** Reports how long a request took from taking its token to its answer. */
  observeLatency(ms: number): void {
    if (ms > this.lagMs) this.lagMs = ms;
  }

  /** The shift: the worst latency seen, plus a quarter and 250 ms for the spike not seen yet. */
  private get shiftMs(): number {
    return this.lagMs > 0 ? this.lagMs * 1.25 + 250 : 0;
  }

  private refill(): void {
    const effective = this.clock.now() - this.shiftMs;
    if (effective <= this.updatedAt) return;
    this.tokens = Math.min(this.plan.burst, this.tokens + ((effective - this.updatedAt) / 1000) * this.plan.rate);
    this.updatedAt = effective;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      // Also covers the lag: until the shifted timeline passes updatedAt nothing refills.
      const behind = Math.max(0, this.updatedAt - (this.clock.now() - this.shiftMs));
      await this.clock.sleep(behind + ((1 - this.tokens) / this.plan.rate) * 1000);
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
