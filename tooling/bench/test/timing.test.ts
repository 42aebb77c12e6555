/** The bench's warm-up rule: a count of runs, then more until a time was spent (counted, not timed as a target). */
import { describe, expect, it } from 'vitest';
import { medianMs } from '../src/timing.js';

/** A run that busy-waits `ms` of wall time and counts its calls. */
function busyRun(ms: number): { run: () => void; calls: () => number } {
  let calls = 0;
  return {
    run: () => {
      calls++;
      const until = performance.now() + ms;
      while (performance.now() < until);
    },
    calls: () => calls,
  };
}

describe('medianMs warm-up', () => {
  it('runs exactly `warmup` untimed runs when no warm-up time is asked for', async () => {
    const r = busyRun(0);
    await medianMs(r.run, { warmup: 3, minRuns: 4, maxRuns: 4, budgetMs: 1000 });
    expect(r.calls()).toBe(3 + 4);
  });

  it('keeps warming up until warmupMs were spent: at least `warmup` runs, at most warmupMs / (run time) + 1', async () => {
    const r = busyRun(2);
    await medianMs(r.run, { warmup: 2, warmupMs: 10, minRuns: 4, maxRuns: 4, budgetMs: 1000 });
    // each run takes ≥ 2 ms, so 5 warm-up runs always reach 10 ms; a preempted run may end it sooner
    expect(r.calls() - 4).toBeGreaterThanOrEqual(2);
    expect(r.calls() - 4).toBeLessThanOrEqual(5);
  });

  it('bounds the extra warm-up runs by maxRuns', async () => {
    const r = busyRun(0);
    await medianMs(r.run, { warmup: 1, warmupMs: 60_000, minRuns: 2, maxRuns: 3, budgetMs: 1000 });
    expect(r.calls()).toBe(1 + 3 + 3);
  });
});
