import * as fs from 'node:fs';
import * as path from 'node:path';
import { TokenBucket } from '../../../addons/sale_amazon/sp_api/token_bucket';
import { USAGE_PLANS, pacingFloorMs } from '../../../addons/sale_amazon/sp_api/usage_plans';
import { DEFAULT_RETRY_POLICY, backoffDelayMs } from '../../../addons/sale_amazon/sp_api/retry';
import { MODELS_DIR, MODEL_FILES } from '../../../addons/sale_amazon/sandbox/models';
import { FakeClock } from './fake_clock';

describe('usage plans', () => {
  it('match the Usage Plan table of every operation in the official models', () => {
    const fromModels: Record<string, { rate: number; burst: number }> = {};
    for (const [api, file] of Object.entries(MODEL_FILES)) {
      const doc = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, file), 'utf8'));
      for (const item of Object.values<any>(doc.paths)) {
        for (const op of Object.values<any>(item)) {
          if (!op?.operationId) continue;
          const m = /\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|/.exec(op.description ?? '');
          if (m) fromModels[`${api}.${op.operationId}`] = { rate: Number(m[1]), burst: Number(m[2]) };
        }
      }
    }
    expect(USAGE_PLANS).toEqual(fromModels);
  });

  it('compute the floor: burst at once, then one call per 1/rate seconds', () => {
    expect(pacingFloorMs({ rate: 0.5, burst: 30 }, 30)).toBe(0);
    expect(pacingFloorMs({ rate: 0.5, burst: 30 }, 130)).toBe(200_000);
  });
});

describe('TokenBucket', () => {
  it('lets the burst through at once and then paces at the rate, never faster', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const bucket = new TokenBucket({ rate: 0.5, burst: 30 }, clock);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 40 }, () => bucket.take().then(() => {
      times.push(clock.now() - start);
      bucket.release();
    })));
    expect(times.slice(0, 30).every((t) => t === 0)).toBe(true);
    // The 31st request waits one refill interval (2 s), the 40th ten of them.
    expect(times[30]).toBeCloseTo(2000, 6);
    expect(times[39]).toBeCloseTo(20_000, 6);
    expect(clock.now() - start).toBeCloseTo(pacingFloorMs({ rate: 0.5, burst: 30 }, 40), 6);
  });

  it('is plentiful while more than half of its burst is left, and again once refilled', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 1 / 60, burst: 20 }, clock);
    expect(bucket.plentiful).toBe(true);
    for (let i = 0; i < 10; i++) {
      await bucket.take();
      bucket.release();
    }
    expect(bucket.plentiful).toBe(true);
    await bucket.take();
    bucket.release();
    expect(bucket.plentiful).toBe(false);
    // One token a minute: back above half the burst a minute later.
    await clock.sleep(60_000);
    expect(bucket.plentiful).toBe(true);
  });

  it('starts again from an empty bucket after Amazon says 429', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 2, burst: 10 }, clock);
    await bucket.take();
    bucket.release();
    bucket.drain();
    const before = clock.now();
    await bucket.take();
    expect(clock.now() - before).toBeCloseTo(500, 6);
  });

  it('follows the rate announced in x-amzn-RateLimit-Limit', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 1, burst: 1 }, clock);
    await bucket.take();
    bucket.release();
    bucket.setRate(4);
    const before = clock.now();
    await bucket.take();
    expect(clock.now() - before).toBeCloseTo(250, 6);
  });
});

describe('TokenBucket and requests in flight', () => {
  /** Amazon's side, as the sandbox keeps it: refilled on arrival, never above the burst. */
  class AmazonBucket {
    private tokens: number;
    private at: number;
    constructor(private readonly plan: { rate: number; burst: number }, private readonly clock: FakeClock) {
      this.tokens = plan.burst;
      this.at = clock.now();
    }
    arrive(): boolean {
      const now = this.clock.now();
      this.tokens = Math.min(this.plan.burst, this.tokens + ((now - this.at) / 1000) * this.plan.rate);
      this.at = now;
      if (this.tokens < 1) return false;
      this.tokens -= 1;
      return true;
    }
  }

  it('does not count the refill Amazon loses while requests travel through a long stall', async () => {
    // The bench's old failure: requests leave, the process stalls for longer than the bucket takes
    // to fill, and Amazon (capped at its burst) then sees those requests plus a full bucket's worth.
    const plan = { rate: 0.5, burst: 30 };
    const clock = new FakeClock();
    const bucket = new TokenBucket(plan, clock);
    const amazon = new AmazonBucket(plan, clock);
    const travelling: number[] = [];
    for (let i = 0; i < 30; i++) await bucket.take();
    for (let i = 0; i < 30; i++) travelling.push(i);
    clock.t += 600_000; // ten minutes pass before any of them reaches Amazon
    let throttled = 0;
    const next = Array.from({ length: 30 }, () => bucket.take());
    let left = 0;
    // Whatever the client may send right after the stall goes out together with the travelling ones.
    await Promise.resolve();
    for (const _ of travelling) if (!amazon.arrive()) throttled++;
    for (const _ of travelling) bucket.release();
    for (const p of next) {
      await p;
      if (!amazon.arrive()) throttled++;
      bucket.release();
      left++;
    }
    expect(left).toBe(30);
    expect(throttled).toBe(0);
  });

  it('gives back the token of an answered request within one refill interval', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 1, burst: 5 }, clock);
    await bucket.take();
    expect(bucket.pending).toBe(1);
    clock.t += 60_000;
    bucket.release();
    expect(bucket.pending).toBe(0);
    // Amazon may have charged it just before answering: four go at once, the fifth a second later.
    const start = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await bucket.take();
      times.push(clock.now() - start);
      bucket.release();
    }
    expect(times).toEqual([0, 0, 0, 0, 1000]);
  });
});

describe('backoff', () => {
  it('grows exponentially, stays within its bound and is jittered', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect(backoffDelayMs(1, p, () => 0)).toBe(500);
    expect(backoffDelayMs(1, p, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, p, () => 1)).toBe(4000);
    expect(backoffDelayMs(10, p, () => 1)).toBe(8000);
    expect(backoffDelayMs(10, p, () => 0)).toBe(4000);
  });
});
