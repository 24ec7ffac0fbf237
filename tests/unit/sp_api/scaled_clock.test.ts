/** The scaled clock keeps its promise: a sleep of N Amazon milliseconds never ends before N have passed. */
import { ScaledClock } from '../../../addons/sale_amazon/sp_api/clock';

describe('ScaledClock.sleep', () => {
  it('never resolves early, even when the wall-clock timer fires a little early', async () => {
    // At 2,000x one wall-clock millisecond is two Amazon seconds: a timer firing early shows at once.
    const clock = new ScaledClock(2000);
    for (let i = 0; i < 40; i++) {
      const before = clock.now();
      await clock.sleep(1000 + i * 37);
      expect(clock.now() - before).toBeGreaterThanOrEqual(1000 + i * 37);
    }
  });

  it('ends at once when its signal aborts', async () => {
    const clock = new ScaledClock(1);
    const abort = new AbortController();
    const started = performance.now();
    setTimeout(() => abort.abort(), 10);
    await clock.sleep(60_000, abort.signal);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
