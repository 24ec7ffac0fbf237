import { backgroundJobCount, backgroundJobsSettled, isRunningInBackground, runInBackground, stopBackgroundJobs } from '../../../addons/base/db/background_jobs';

describe('background jobs', () => {
  test('a job runs detached; its failure is logged, never thrown at the caller or the process', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
    process.on('unhandledRejection', onUnhandled);
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      let finished = false;
      runInBackground('gated', async () => { await gate; finished = true; }, 'gate.key');
      runInBackground('failing', async () => { throw new Error('Amazon said no'); });
      expect(backgroundJobCount()).toBe(2);
      expect(isRunningInBackground('gate.key')).toBe(true);
      release();
      await backgroundJobsSettled();
      expect(finished).toBe(true);
      expect(backgroundJobCount()).toBe(0);
      expect(isRunningInBackground('gate.key')).toBe(false);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('stopping aborts the running jobs\' signal and waits for them to end', async () => {
    const seen: string[] = [];
    runInBackground('loop', async (signal) => {
      while (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(String((signal.reason as Error).message));
    });
    await stopBackgroundJobs('server stopping');
    expect(seen).toEqual(['server stopping']);
    expect(backgroundJobCount()).toBe(0);
    // Jobs started after the stop get a signal of their own, not aborted.
    let aborted: boolean | null = null;
    runInBackground('after', async (signal) => { aborted = signal.aborted; });
    await backgroundJobsSettled();
    expect(aborted).toBe(false);
  });
});
