/**
 * Where a training step (char-LSTM, MLP, LeNet or char-GPT) spends its time, on one Nabla backend:
 *
 *   pnpm --filter @nabla/bench exec tsx --conditions=@nabla/source src/profile/step-profile.ts \
 *     [--workload lm|mlp|lenet|gpt|gpt-bench] [--backend wasm|wasm1|js] [--steps 20] [--warmup 30] [--kernels]
 *     [--cpu-prof out.cpuprofile] [--summary] [--wasm-names kernels-debug.wasm]
 *
 * Prints wall and process-CPU ms per step. `--kernels` times every backend call (count, µs per
 * call, shapes; wall-clock, and the wrapping itself costs time), `--cpu-prof` writes a V8 CPU
 * profile of the measured steps only, `--summary` prints that profile's self time by area (wasm
 * kernels, thread pool, fusion, autograd, …) and by function. The main thread only: workers'
 * time is not sampled. `--wasm-names` names wasm functions from a module built with names (asc
 * `--debug`, same flags otherwise). `wasm1` is the wasm backend on one thread. `gpt` is the
 * language-model app's default GPT step (4 blocks, 4 heads, embedding 64, block 64, batch 16,
 * AdamW, clipping), `gpt-bench` the bench's char-GPT (4 blocks, embedding 128, block 128); for
 * either, `--layers --heads --embedding --block-size --batch-size` change the shape.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { parseArgs } from 'node:util';
import { getBackend, registerBackend, setBackend, type Backend } from '@nabla/tensor-core';
import { APP_GPT, CHAR_GPT, charGptStep } from '../gpt/char-gpt.js';
import { charLstmStep } from '../lm/char-lstm.js';
import { nablaLenetStep, nablaMlpStep } from '../training/nabla-steps.js';
import { LENET, MLP } from '../training/workloads.js';
import { summarizeProfile, wasmFunctionNames, type CpuProfile } from './profile-summary.js';

const { values } = parseArgs({
  options: {
    workload: { type: 'string' }, backend: { type: 'string' }, steps: { type: 'string' }, warmup: { type: 'string' }, kernels: { type: 'boolean' },
    'cpu-prof': { type: 'string' }, summary: { type: 'boolean' }, 'wasm-names': { type: 'string' },
    layers: { type: 'string' }, heads: { type: 'string' }, embedding: { type: 'string' }, 'block-size': { type: 'string' }, 'batch-size': { type: 'string' },
  },
});
const backendName = values.backend ?? 'wasm';
const steps = Number(values.steps ?? 20);
/** Untimed steps first: V8 keeps compiling the step's JavaScript and tiering up wasm functions for about 20 char-LSTM steps. */
const warmup = Number(values.warmup ?? 30);
const workload = values.workload ?? 'lm';
const gptBase = workload === 'gpt' ? APP_GPT : workload === 'gpt-bench' ? CHAR_GPT : null;
const size = (name: 'layers' | 'heads' | 'embedding' | 'block-size' | 'batch-size', base: number): number => {
  const given = values[name];
  if (given === undefined) return base;
  if (!/^[1-9]\d*$/.test(given)) throw new Error(`--${name} must be a positive integer, got '${given}'`);
  return Number(given);
};
/** The GPT shape, with any of --layers, --heads, --embedding, --block-size, --batch-size overriding the workload's. */
const gptConfig = gptBase === null ? null : {
  ...gptBase, layers: size('layers', gptBase.layers), heads: size('heads', gptBase.heads), embedding: size('embedding', gptBase.embedding),
  blockSize: size('block-size', gptBase.blockSize), batchSize: size('batch-size', gptBase.batchSize),
};
/** Items (tokens or images) one step trains on. */
const itemsPerStep = workload === 'lm' ? 1024 : gptConfig !== null ? gptConfig.batchSize * gptConfig.blockSize : workload === 'mlp' ? MLP.batch : LENET.batch;

if (backendName === 'wasm1') {
  const { createWasmBackend } = await import('@nabla/backend-wasm');
  registerBackend('wasm1', () => createWasmBackend({ numThreads: 1 }));
} else if (backendName === 'js') await import('@nabla/backend-js');
else await import(`@nabla/backend-${backendName}`);
await setBackend(backendName);

/** Per-call statistics of every backend method, keyed by method and argument shapes. */
const calls = new Map<string, { n: number; ms: number }>();
let counting = false;

function describeArg(a: unknown): string {
  if (typeof a === 'string') return a;
  if (Array.isArray(a)) return a.every((x) => typeof x === 'number') ? `(${a.join(',')})` : `{${a.map(describeArg).join(' ')}}`;
  if (a !== null && typeof a === 'object' && 'shape' in a) return `[${(a as { shape: number[] }).shape.join(',')}]`;
  return '';
}

/** Wrap every method of the active backend with a timer that runs while `counting`. */
function instrument(backend: Backend): void {
  const target = backend as unknown as Record<string, unknown>;
  const names = new Set([...Object.keys(target), ...Object.getOwnPropertyNames(Object.getPrototypeOf(target))]);
  for (const name of names) {
    const method = target[name];
    if (typeof method !== 'function' || name === 'constructor') continue;
    target[name] = (...args: unknown[]): unknown => {
      if (!counting) return method.apply(backend, args);
      const t0 = performance.now();
      const result: unknown = method.apply(backend, args);
      const key = `${name} ${args.map(describeArg).join(' ')}`;
      const entry = calls.get(key) ?? { n: 0, ms: 0 };
      entry.n++;
      entry.ms += performance.now() - t0;
      calls.set(key, entry);
      return result;
    };
  }
}

function post(session: Session, method: string, params: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
}

if (values.kernels) instrument(getBackend());
const step = workload === 'lm' ? charLstmStep()
  : workload === 'mlp' ? nablaMlpStep(MLP.batch)
  : workload === 'lenet' ? nablaLenetStep(LENET.batch)
  : gptConfig !== null ? charGptStep(gptConfig)
  : null;
if (step === null) throw new Error(`--workload must be lm, mlp, lenet, gpt or gpt-bench, got '${workload}'`);
for (let i = 0; i < warmup; i++) await step.run();

const profiling = values['cpu-prof'] !== undefined || values.summary === true;
const session = profiling ? new Session() : null;
if (session) {
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  await post(session, 'Profiler.start');
}
counting = true;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < steps; i++) await step.run();
const wall = (performance.now() - t0) / steps;
const cpu = process.cpuUsage(cpu0);
counting = false;
let profile: CpuProfile | null = null;
if (session) ({ profile } = (await post(session, 'Profiler.stop')) as { profile: CpuProfile });
if (profile && values['cpu-prof'] !== undefined) writeFileSync(values['cpu-prof'], JSON.stringify(profile));
step.dispose();

const unit = workload === 'lm' || gptConfig !== null ? 'tokens' : 'images';
const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
console.log(`nabla-${backendName} ${workload}: ${wall.toFixed(1)} ms/step wall, ${cpuMs.toFixed(1)} ms/step process CPU, ${((itemsPerStep * 1000) / wall).toFixed(0)} ${unit}/s (wall), ${((itemsPerStep * 1000) / cpuMs).toFixed(0)} ${unit}/CPU-s`);
if (profile && values.summary) {
  const names = values['wasm-names'] !== undefined ? wasmFunctionNames(readFileSync(values['wasm-names'])) : new Map<number, string>();
  const summary = summarizeProfile(profile, names);
  console.log(`main-thread self time, ${(summary.totalMs / steps).toFixed(1)} ms sampled per step:`);
  for (const row of summary.areas) console.log(`${(100 * row.share).toFixed(1).padStart(6)}%  ${(row.ms / steps).toFixed(2).padStart(7)} ms  ${row.name}`);
  console.log('top functions (self):');
  for (const row of summary.functions.slice(0, 30)) console.log(`${(100 * row.share).toFixed(1).padStart(6)}%  ${(row.ms / steps).toFixed(2).padStart(7)} ms  ${row.name}`);
}
if (values.kernels) {
  const rows = [...calls].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, v]) => s + v.ms, 0) / steps;
  const count = rows.reduce((s, [, v]) => s + v.n, 0) / steps;
  console.log(`backend calls: ${count} per step, ${total.toFixed(1)} ms per step`);
  const families = new Map<string, { n: number; ms: number }>();
  for (const [key, v] of rows) {
    const family = key.slice(0, key.indexOf(' '));
    const entry = families.get(family) ?? { n: 0, ms: 0 };
    entry.n += v.n;
    entry.ms += v.ms;
    families.set(family, entry);
  }
  console.log('by backend method:');
  for (const [family, v] of [...families].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`${(v.ms / steps).toFixed(2).padStart(8)} ms ${String(v.n / steps).padStart(6)} ×  ${family}`);
  }
  console.log('by call:');
  for (const [key, v] of rows.slice(0, 40)) {
    console.log(`${(v.ms / steps).toFixed(2).padStart(8)} ms ${String(v.n / steps).padStart(6)} × ${((1000 * v.ms) / v.n).toFixed(1).padStart(7)} µs  ${key}`);
  }
}
process.exit(0);
