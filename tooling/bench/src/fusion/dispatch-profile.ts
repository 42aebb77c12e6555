/**
 * Kernel launches per training step with elementwise fusion off and on, and the step time of
 * both, measured alternately in one process on one backend (same-run ratios).
 *
 * Run: XDG_RUNTIME_DIR=/tmp pnpm --filter @nabla/bench dispatches [--backend=webgpu|wasm|js] [--runs=7]
 *      [--only=mlp,lenet,lstm] [--clock=cpu|wall]
 * `--clock=cpu` (the default) reads this process's CPU time, lavapipe's and the workers' threads
 * included: steadier than wall-clock time on a loaded machine.
 */
import { getBackend, setBackend, setFusion } from '@nabla/tensor-core';
import { NABLA_BACKENDS } from '../nabla_contender.js';
import { fmt, renderTable } from '../table.js';
import { deviceDispatches, KernelCounter } from './kernel-counter.js';
import { lenetStep, lstmStep, mlpAdamStep, type ProfiledStep } from './steps.js';

const WORKLOADS = { mlp: mlpAdamStep, lenet: lenetStep, lstm: lstmStep } as const;
type WorkloadName = keyof typeof WORKLOADS;

function option(name: string, fallback: string): string {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
}

const backendName = option('backend', 'webgpu');
const runs = Number(option('runs', '7'));
const clock = option('clock', 'cpu');
const only = option('only', 'mlp,lenet,lstm').split(',') as WorkloadName[];
for (const w of only) if (!(w in WORKLOADS)) throw new Error(`--only: unknown workload '${w}' (mlp, lenet, lstm)`);
if (clock !== 'cpu' && clock !== 'wall') throw new Error(`--clock must be cpu or wall, got '${clock}'`);

/** Milliseconds on the chosen clock. */
function now(): number {
  if (clock === 'wall') return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Counted {
  readonly kernels: number;
  readonly device: number | null;
  readonly byMethod: Record<string, number>;
}

async function countStep(step: ProfiledStep, fused: boolean, counter: KernelCounter): Promise<Counted> {
  setFusion(fused);
  const backend = getBackend();
  counter.reset();
  const before = deviceDispatches(backend);
  await step.step.run();
  const after = deviceDispatches(backend);
  return { kernels: counter.total(), device: before === null || after === null ? null : after - before, byMethod: counter.byMethod() };
}

const entry = NABLA_BACKENDS.find((b) => b.name === backendName);
if (entry === undefined) throw new Error(`--backend: unknown backend '${backendName}' (js, wasm, webgpu)`);
await entry.load();
await setBackend(backendName);
const backend = getBackend();
console.log(`backend ${backendName}; ${runs} timed steps per mode, alternating off/on; ${clock === 'cpu' ? 'process CPU time' : 'wall-clock time'}; median`);

const rows: string[][] = [];
for (const name of only) {
  const step = WORKLOADS[name]();
  for (let i = 0; i < 2; i++) {
    // warm-up: pipelines and code caches of both modes
    setFusion(false);
    await step.step.run();
    setFusion(true);
    await step.step.run();
  }
  const counter = new KernelCounter(backend);
  counter.start();
  const off = await countStep(step, false, counter);
  const on = await countStep(step, true, counter);
  counter.stop();
  const times: Record<'off' | 'on', number[]> = { off: [], on: [] };
  for (let r = 0; r < runs; r++) {
    for (const mode of r % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      setFusion(mode === 'on');
      const t0 = now();
      await step.step.run();
      times[mode].push(now() - t0);
    }
  }
  setFusion(true);
  step.step.dispose();
  const tOff = median(times.off);
  const tOn = median(times.on);
  const launches = (c: Counted): string => (c.device === null ? `${c.kernels}` : `${c.kernels} (${c.device} GPU)`);
  const ratio = (c: Counted): number => (c.device ?? c.kernels);
  rows.push([step.label, launches(off), launches(on), `${fmt(ratio(off) / ratio(on), 2)}×`, `${fmt(tOff, 1)} ms`, `${fmt(tOn, 1)} ms`, `${fmt(tOff / tOn, 2)}×`]);
  console.log(`${step.label}: launches by method, fusion off ${JSON.stringify(off.byMethod)}; on ${JSON.stringify(on.byMethod)}`);
}
console.log(renderTable(['step', 'launches, fusion off', 'launches, fusion on', 'fewer', 'step off', 'step on', 'speed-up'], rows));
backend.dispose();
