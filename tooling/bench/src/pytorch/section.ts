/**
 * The `pytorch` section: PyTorch (CPU, 1 and 2 threads) on the matmul, LeNet, MLP and char-LSTM
 * workloads beside Nabla's figures from the same run. Nabla figures the earlier sections did not
 * measure (e.g. `--only=pytorch`) are measured here first, on nabla-wasm.
 */
import type { Clock } from '../timing.js';
import type { Measured } from '../targets.js';
import { measureLm, nablaLm } from '../lm/section.js';
import { measureTraining, nablaTrainer } from '../training/section.js';
import { LENET, MLP } from '../training/workloads.js';
import type { NablaContender } from '../nabla_contender.js';
import { renderTorchTable, torchThroughput, WORKLOAD_UNITS } from './ratio-table.js';
import { probeTorch, runTorch, TORCH_WORKLOADS } from './torch-runner.js';
import type { TorchRun, TorchWorkload } from './torch-runner.js';

/** Nabla's throughput of `workload` on `contender` (a fresh measurement). */
async function measureNabla(contender: NablaContender, workload: TorchWorkload): Promise<number | null> {
  const unit = WORKLOAD_UNITS[workload];
  switch (workload) {
    case 'matmul1024':
      return unit.perSecond(await contender.matmulMs(1024, 'NN'));
    case 'lenet':
      return (await measureTraining(nablaTrainer(contender.backendName), LENET)).imagesPerSecond;
    case 'mlp':
      return (await measureTraining(nablaTrainer(contender.backendName), MLP)).imagesPerSecond;
    case 'lm':
      return (await measureLm([nablaLm(contender.backendName)]))[0]?.tokensPerSecond ?? null;
  }
}

/**
 * Runs the section and returns its printout; records `workload-key:pytorch` (best thread count)
 * in `measured` for the targets. Without PyTorch the printout says why.
 */
export async function pytorchSection(nabla: readonly NablaContender[], measured: Measured, clock: Clock, progress: (msg: string) => void): Promise<string> {
  const probe = await probeTorch();
  if ('unavailable' in probe) return `PyTorch: ${probe.unavailable}`;
  const wasm = nabla.find((c) => c.backendName === 'wasm');
  if (wasm) {
    for (const w of TORCH_WORKLOADS) {
      const key = WORKLOAD_UNITS[w].measuredKey(wasm.name);
      if (measured.has(key)) continue;
      progress(`pytorch section: nabla-wasm ${w}`);
      measured.set(key, await measureNabla(wasm, w));
    }
  }
  progress(`pytorch ${probe.version} (${probe.python})`);
  const run: TorchRun = await runTorch(probe.python, TORCH_WORKLOADS, clock);
  for (const w of TORCH_WORKLOADS) measured.set(WORKLOAD_UNITS[w].measuredKey('pytorch'), torchThroughput(run, w).best);
  const names = nabla.map((c) => c.name).filter((n) => TORCH_WORKLOADS.some((w) => typeof measured.get(WORKLOAD_UNITS[w].measuredKey(n)) === 'number'));
  return [
    `PyTorch ${run.version} on the CPU (${run.python}; torch.set_num_threads 1 and 2), same workloads, shapes, initialisation, loss and optimizer; ratio > 1: Nabla faster than PyTorch's better thread count`,
    renderTorchTable(run, measured, names, TORCH_WORKLOADS),
  ].join('\n');
}
