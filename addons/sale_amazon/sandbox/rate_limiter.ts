import type { Clock } from '../sp_api/clock';
import type { UsagePlan } from '../sp_api/usage_plans';

/** Amazon's side of the usage plans: a token bucket per operation that answers "now or 429". */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly clock: Clock, private readonly plans: Readonly<Record<string, UsagePlan>>) {}

  plan(operation: string): UsagePlan | undefined {
    return this.plans[operation];
  }

  tryTake(operation: string): boolean {
    const plan = this.plans[operation];
    if (!plan) return true;
    const now = this.clock.now();
    const b = this.buckets.get(operation) ?? { tokens: plan.burst, at: now };
    b.tokens = Math.min(plan.burst, b.tokens + ((now - b.at) / 1000) * plan.rate);
    b.at = now;
    this.buckets.set(operation, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Full buckets again (between benchmark runs). */
  reset(): void {
    this.buckets = new Map();
  }
}
