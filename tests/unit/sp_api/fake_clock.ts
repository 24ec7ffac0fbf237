import type { Clock } from '../../../addons/sale_amazon/sp_api/clock';

/** A clock whose sleep() moves time forward at once: pacing tests run in microseconds. */
export class FakeClock implements Clock {
  constructor(public t = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    this.t += Math.max(0, ms);
    await Promise.resolve();
  }
}
