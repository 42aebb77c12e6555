/** Wall-clock measurement: warm-up runs, then the median of several timed runs. */

/** What a timing reads: wall-clock time, or this process's CPU time (steadier on a shared machine). */
export type Clock = 'wall' | 'cpu';

let clock: Clock = 'wall';

/** Choose the clock every later measurement reads. */
export function useClock(which: Clock): void {
  clock = which;
}

/** Milliseconds on the chosen clock. */
function now(): number {
  if (clock === 'wall') return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** How much to measure. */
export interface TimingPlan {
  /** Untimed runs first (JIT warm-up, caches, pools). */
  readonly warmup: number;
  /**
   * ...and more untimed runs until this many milliseconds were spent warming up (at most
   * `maxRuns` more): V8 keeps compiling a training step's JavaScript and tiering up its wasm for
   * its first dozens of runs (a char-LSTM step on wasm costs 2–4× its steady CPU time for ~15
   * runs), and a training run's speed is its steady one. Default 0.
   */
  readonly warmupMs?: number;
  /** Timed runs at least... */
  readonly minRuns: number;
  /** ...and at most. */
  readonly maxRuns: number;
  /** Stop adding runs past minRuns once this many milliseconds were spent timing. */
  readonly budgetMs: number;
}

/** A plan scaled to the expected cost of one run, so a full bench stays near two minutes. */
export function planFor(flops: number): TimingPlan {
  if (flops >= 1e9) return { warmup: 10, minRuns: 3, maxRuns: 5, budgetMs: 1500 };
  if (flops >= 1e8) return { warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 1000 };
  return { warmup: 5, minRuns: 9, maxRuns: 51, budgetMs: 500 };
}

/**
 * Median milliseconds of `run` under `plan`. `run` must include any synchronisation it needs.
 * A call slower than the whole budget is timed once more after its warm-up (the JIT cost is
 * noise at that scale), so one very slow contender cannot stretch the bench to many minutes.
 */
export async function medianMs(run: () => void | Promise<void>, plan: TimingPlan): Promise<number> {
  let lastWarmup = 0;
  let warmedMs = 0;
  const warmupMs = plan.warmupMs ?? 0;
  for (let i = 0; i < plan.warmup || (warmedMs < warmupMs && i < plan.warmup + plan.maxRuns); i++) {
    const t0 = now();
    await run();
    lastWarmup = now() - t0;
    warmedMs += lastWarmup;
    if (lastWarmup > plan.budgetMs) break;
  }
  const maxRuns = lastWarmup > plan.budgetMs ? 1 : plan.maxRuns;
  const minRuns = Math.min(plan.minRuns, maxRuns);
  const times: number[] = [];
  let spent = 0;
  while (times.length < minRuns || (times.length < maxRuns && spent < plan.budgetMs)) {
    const t0 = now();
    await run();
    const dt = now() - t0;
    times.push(dt);
    spent += dt;
  }
  return median(times);
}

/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median milliseconds of each of `runs`, timed in turn within every round (a, b, a, b, …) so that
 * a load change on a shared machine hits all of them alike: same-run ratios stay meaningful.
 * `plan.budgetMs` bounds the time of all runs together.
 */
export async function alternatingMedians(runs: readonly (() => void | Promise<void>)[], plan: TimingPlan): Promise<number[]> {
  for (let i = 0; i < plan.warmup; i++) for (const run of runs) await run();
  const times: number[][] = runs.map(() => []);
  let spent = 0;
  while (times[0].length < plan.minRuns || (times[0].length < plan.maxRuns && spent < plan.budgetMs)) {
    for (const [i, run] of runs.entries()) {
      const t0 = now();
      await run();
      const dt = now() - t0;
      times[i].push(dt);
      spent += dt;
    }
  }
  return times.map(median);
}
