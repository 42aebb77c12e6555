/** The training-step section: images/s of full steps (forward, backward, SGD update) per library and backend. */
import { setBackend } from '@nabla/tensor-core';
import { useJaxWasm } from '../jax_contender.js';
import { fmt, renderTable } from '../table.js';
import { useTfjsBackend } from '../tfjs_contender.js';
import type { TfjsBackendName } from '../tfjs_contender.js';
import { medianMs } from '../timing.js';
import { jaxMlpStep } from './jax-steps.js';
import { nablaLenetStep, nablaMlpStep } from './nabla-steps.js';
import { tfjsLenetStep, tfjsMlpStep } from './tfjs-steps.js';
import { LENET, MLP } from './workloads.js';
import type { TrainingStep, TrainingWorkload } from './workloads.js';

/** One side of the comparison: how to activate it and build each workload's step. */
export interface TrainingContender {
  readonly name: string;
  activate(): Promise<void>;
  build(workload: TrainingWorkload): TrainingStep;
}

/** What one contender measured on one workload. */
export interface TrainingResult {
  readonly name: string;
  readonly msPerStep: number | null;
  readonly imagesPerSecond: number | null;
  readonly note?: string;
}

/** How an MLP or LeNet step is timed (pytorch/torch_bench.py's plans and the browser page's match it). */
const STEP_PLAN = { warmup: 2, warmupMs: 500, minRuns: 5, maxRuns: 30, budgetMs: 2000 } as const;

/** Nabla on one of its registered backends (already loaded by the caller). */
export function nablaTrainer(backend: string): TrainingContender {
  return {
    name: `nabla-${backend}`,
    activate: async () => {
      await setBackend(backend);
    },
    build: (w) => (w === LENET ? nablaLenetStep(w.batch) : nablaMlpStep(w.batch)),
  };
}

/** TensorFlow.js on one of its backends (already loaded by the caller). */
export function tfjsTrainer(backend: TfjsBackendName): TrainingContender {
  return {
    name: `tfjs-${backend}`,
    activate: () => useTfjsBackend(backend),
    build: (w) => (w === LENET ? tfjsLenetStep(w.batch) : tfjsMlpStep(w.batch)),
  };
}

/** jax-js on wasm; only the MLP (its step under one jit). */
export const jaxTrainer: TrainingContender = {
  name: 'jax-wasm',
  activate: useJaxWasm,
  build: (w) => {
    if (w !== MLP) throw new Error('jax-wasm: only the MLP step is implemented in this bench');
    return jaxMlpStep(w.batch);
  },
};

/** Median step time of `contender` on `workload`; a missing kernel or a non-finite loss becomes a note. */
export async function measureTraining(contender: TrainingContender, workload: TrainingWorkload): Promise<TrainingResult> {
  let step: TrainingStep | null = null;
  try {
    await contender.activate();
    step = contender.build(workload);
    const built = step;
    const ms = await medianMs(async () => {
      const loss = await built.run();
      if (!Number.isFinite(loss)) throw new Error(`${contender.name}: ${workload.label} loss became ${loss}`);
    }, STEP_PLAN);
    return { name: contender.name, msPerStep: ms, imagesPerSecond: (workload.batch * 1000) / ms };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { name: contender.name, msPerStep: null, imagesPerSecond: null, note: message.slice(0, 200) };
  } finally {
    step?.dispose();
  }
}

/** Ratio columns: Nabla backend vs the competitor on the same kind of device. */
const PAIRS: readonly (readonly [string, string])[] = [
  ['nabla-js', 'tfjs-cpu'],
  ['nabla-wasm', 'tfjs-wasm'],
  ['nabla-wasm', 'jax-wasm'],
  ['nabla-webgpu', 'tfjs-webgpu'],
];

/** A table of one workload's results followed by the ratios and notes. */
export function renderTraining(workload: TrainingWorkload, results: readonly TrainingResult[]): string {
  const table = renderTable(
    ['contender', 'ms/step', 'images/s'],
    results.map((r) => [r.name, fmt(r.msPerStep, 1), fmt(r.imagesPerSecond, 0)]),
  );
  const byName = new Map(results.map((r) => [r.name, r.imagesPerSecond]));
  const ratios = PAIRS.flatMap(([a, b]) => {
    const x = byName.get(a);
    const y = byName.get(b);
    return x && y ? [`${a}/${b} ${(x / y).toFixed(2)}`] : [];
  });
  const notes = results.filter((r) => r.note !== undefined).map((r) => `  not measured — ${r.name}: ${r.note}`);
  return [`${workload.label}: images/s of forward + backward + SGD update`, table, `ratios (>1: Nabla faster): ${ratios.join(', ') || '—'}`, ...notes].join('\n');
}

/** The workloads the section runs and which contenders take part in each. */
export const TRAINING_WORKLOADS: readonly TrainingWorkload[] = [LENET, MLP];
