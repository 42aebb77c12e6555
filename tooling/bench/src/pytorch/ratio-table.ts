/** The PyTorch comparison table: each workload's throughput on Nabla and PyTorch, and their ratios. */
import { fmt, renderTable } from '../table.js';
import { matmulFlops } from '../workloads.js';
import { TORCH_THREADS } from './torch-runner.js';
import type { TorchRun, TorchWorkload } from './torch-runner.js';

/** How a workload's milliseconds become the throughput the tables print. */
export interface WorkloadUnit {
  readonly label: string;
  readonly unit: string;
  /** Throughput of one run taking `ms`. */
  perSecond(ms: number): number;
  /** Key of the Nabla figure in the bench's Measured map, for a contender (e.g. `mlp:nabla-wasm`). */
  measuredKey(contender: string): string;
}

/** Units of every workload, matching the matmul/lenet/mlp/lm sections. */
export const WORKLOAD_UNITS: Readonly<Record<TorchWorkload, WorkloadUnit>> = {
  matmul1024: { label: 'matmul 1024² NN', unit: 'GFLOPS', perSecond: (ms) => matmulFlops(1024) / ms / 1e6, measuredKey: (c) => `matmul1024NN:${c}` },
  lenet: { label: 'LeNet step, batch 64', unit: 'img/s', perSecond: (ms) => (64 * 1000) / ms, measuredKey: (c) => `lenet:${c}` },
  mlp: { label: 'MLP 784-256-256-10 step, batch 128', unit: 'img/s', perSecond: (ms) => (128 * 1000) / ms, measuredKey: (c) => `mlp:${c}` },
  lm: { label: 'char-LSTM step (h128, seq 32, batch 32)', unit: 'tok/s', perSecond: (ms) => (32 * 32 * 1000) / ms, measuredKey: (c) => `lm:${c}` },
};

/** PyTorch throughput of `workload` at each thread count (null where not measured), and the best of them. */
export function torchThroughput(run: TorchRun, workload: TorchWorkload, threads: readonly number[] = TORCH_THREADS): { byThreads: (number | null)[]; best: number | null } {
  const unit = WORKLOAD_UNITS[workload];
  const byThreads = threads.map((t) => {
    const timing = run.timings.find((x) => x.workload === workload && x.threads === t);
    return timing === undefined ? null : unit.perSecond(timing.ms);
  });
  const present = byThreads.filter((v): v is number => v !== null);
  return { byThreads, best: present.length > 0 ? Math.max(...present) : null };
}

/** a / b, or null when either is missing or b is zero. */
export function ratioOf(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;
}

/**
 * One row per workload: Nabla's figure for each of `nabla` (contender names, e.g. nabla-wasm), PyTorch at
 * each thread count, then nabla/PyTorch-best for each Nabla contender (>1: Nabla faster).
 */
export function renderTorchTable(
  run: TorchRun,
  nablaFigures: ReadonlyMap<string, number | null>,
  nabla: readonly string[],
  workloads: readonly TorchWorkload[],
  threads: readonly number[] = TORCH_THREADS,
): string {
  const rows = workloads.map((w) => {
    const unit = WORKLOAD_UNITS[w];
    const torch = torchThroughput(run, w, threads);
    const ours = nabla.map((c) => nablaFigures.get(unit.measuredKey(c)) ?? null);
    return [
      unit.label,
      unit.unit,
      ...ours.map((v) => fmt(v, 1)),
      ...torch.byThreads.map((v) => fmt(v, 1)),
      ...ours.map((v) => fmt(ratioOf(v, torch.best), 2)),
    ];
  });
  const header = ['workload', 'unit', ...nabla, ...threads.map((t) => `pytorch-${t}thr`), ...nabla.map((c) => `${c}/pytorch-best`)];
  return renderTable(header, rows, 2);
}
