// Kernel timings of the webgpu backend next to TensorFlow.js's webgpu backend on the same Dawn
// adapter (same process, wall clock, median), plus a per-dispatch profile of one LeNet training
// step: each recorded dispatch is replayed alone (submit, await onSubmittedWorkDone) and the
// times are summed per pipeline key. First-step latency (pipeline compiles included) is printed.
// --clock=cpu reads this process's CPU time (lavapipe's threads included), steadier on a shared machine.
// Run: XDG_RUNTIME_DIR=/tmp pnpm --filter @nabla/backend-webgpu exec tsx --conditions=@nabla/source bench/profile.bench.ts [--only=conv,matmul,lenet,mlp] [--clock=cpu]
import os from 'node:os';
import type { Conv2dParams, Tensor, TensorInfo } from '@nabla/tensor-core';
import { Rng, registerBackend, setBackend, tensor, tidy } from '@nabla/tensor-core';
import '@nabla/autograd';
import { Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential } from '@nabla/layers';
import { SGD, crossEntropy } from '@nabla/optim';
import * as tf from '@tensorflow/tfjs-core';
import { acquireDevice } from '../src/runtime/acquire-device.js';
import { GPURuntime, type Dispatch } from '../src/runtime/gpu-runtime.js';
import { WebGPUBackend } from '../src/webgpu-backend.js';

const cpuClock = process.argv.includes('--clock=cpu');
/** Milliseconds on the chosen clock. */
function now(): number {
  if (!cpuClock) return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',') ?? ['conv', 'matmul', 'lenet', 'mlp'];
const { create, globals } = (await import('webgpu')) as unknown as { create(o: string[]): GPU; globals: object };
Object.assign(globalThis, globals);
const gpu = create([]);
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });

const { adapter, device } = await acquireDevice({ gpu });
const rt = new GPURuntime(device, 64);
const backend = new WebGPUBackend(rt, adapter);
registerBackend('webgpu-profile', () => backend, 0);
await setBackend('webgpu-profile');
await import('@tensorflow/tfjs-backend-webgpu');
await tf.setBackend('webgpu');
await tf.ready();

/** Deterministic data in [-1, 1). */
function data(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform() * 2 - 1);
}

/** Median wall-clock ms of `run` (awaited) after `warmup` calls, at most `budget` ms of timing. */
async function medianMs(run: () => Promise<void>, warmup = 2, minRuns = 5, budget = 2000): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  let spent = 0;
  while (times.length < minRuns || (spent < budget && times.length < 30)) {
    const t0 = now();
    await run();
    const dt = now() - t0;
    times.push(dt);
    spent += dt;
    if (times.length >= 3 && spent > budget * 3) break;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const info = (values: Float32Array, shape: number[]): TensorInfo => ({ dataId: backend.write(values, 'float32'), shape, dtype: 'float32' });
async function nablaKernelMs(kernel: () => object): Promise<number> {
  return medianMs(async () => {
    const out = kernel();
    await backend.flush();
    backend.disposeData(out);
  });
}
async function tfjsKernelMs(kernel: () => tf.Tensor): Promise<number> {
  return medianMs(async () => {
    const out = kernel();
    await out.data();
    out.dispose();
  });
}
const row = (cells: (string | number)[]): string => cells.map((c) => (typeof c === 'number' ? c.toFixed(2) : c).padStart(14)).join('');

console.log(`webgpu profile — ${cpuClock ? 'CPU time (all threads)' : 'wall clock'}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${new Date().toISOString()}`);

if (only.includes('conv')) {
  console.log('\nconv2d (LeNet layers, batch 64): ms per call');
  console.log(row(['layer', 'pass', 'nabla', 'tfjs', 'tfjs/nabla']));
  for (const [C, S, O, K] of [[1, 28, 8, 5], [8, 12, 16, 5]]) {
    const N = 64;
    const OS = S - K + 1;
    const p: Conv2dParams = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] };
    const x = info(data(N * C * S * S, 3), [N, C, S, S]);
    const w = info(data(O * C * K * K, 4), [O, C, K, K]);
    const dy = info(data(N * O * OS * OS, 5), [N, O, OS, OS]);
    const tx = tf.tensor4d(data(N * S * S * C, 3), [N, S, S, C]);
    const tw = tf.tensor4d(data(K * K * C * O, 4), [K, K, C, O]);
    const tdy = tf.tensor4d(data(N * OS * OS * O, 5), [N, OS, OS, O]);
    const common = { strides: 1, pad: 'valid', dataFormat: 'NHWC' } as const;
    const passes: [string, () => object, () => tf.Tensor][] = [
      ['forward', () => backend.conv2d(x, w, p, [N, O, OS, OS]), () => tf.conv2d(tx, tw, 1, 'valid')],
      ['backpropInput', () => backend.conv2dBackpropInput(dy, w, [N, C, S, S], p),
        () => tf.engine().runKernel('Conv2DBackpropInput', { dy: tdy, filter: tw }, { ...common, inputShape: [N, S, S, C] }) as tf.Tensor],
      ['backpropFilter', () => backend.conv2dBackpropFilter(x, dy, [O, C, K, K], p),
        () => tf.engine().runKernel('Conv2DBackpropFilter', { x: tx, dy: tdy }, { ...common, filterShape: [K, K, C, O] }) as tf.Tensor],
    ];
    for (const [pass, nabla, tfjs] of passes) {
      const a = await nablaKernelMs(nabla);
      const b = await tfjsKernelMs(tfjs);
      console.log(row([`${C}x${S}->${O}`, pass, a, b, b / a]));
    }
    for (const t of [x, w, dy]) backend.disposeData(t.dataId);
    tf.dispose([tx, tw, tdy]);
  }
}

if (only.includes('matmul')) {
  console.log('\nmatmul GFLOPS');
  console.log(row(['n', 'layout', 'nabla', 'tfjs', 'nabla/tfjs']));
  for (const n of [128, 256, 1024]) {
    const a = info(data(n * n, 1), [1, n, n]);
    const b = info(data(n * n, 2), [1, n, n]);
    const ta = tf.tensor3d(data(n * n, 1), [1, n, n]);
    const tb = tf.tensor3d(data(n * n, 2), [1, n, n]);
    for (const layout of ['NN', 'NT', 'TN']) {
      const [tA, tB] = [layout === 'TN', layout === 'NT'];
      const gflops = (ms: number): number => (2 * n ** 3) / ms / 1e6;
      const x = gflops(await nablaKernelMs(() => backend.matmul(a, b, tA, tB, [1, n, n])));
      const y = gflops(await tfjsKernelMs(() => tf.matMul(ta, tb, tA, tB)));
      console.log(row([n, layout, x, y, x / y]));
    }
    backend.disposeData(a.dataId);
    backend.disposeData(b.dataId);
    tf.dispose([ta, tb]);
  }
}

/** Forward, loss, backward and SGD update of `model`, reading the loss back. */
function trainingStep(model: Sequential, x: Tensor, y: Tensor): () => Promise<void> {
  const optimizer = new SGD(model.parameters(), { lr: 0.01 });
  return async () => {
    const loss = tidy(() => {
      optimizer.zeroGrad();
      const l = crossEntropy(model.forward(x), y);
      l.backward();
      optimizer.step();
      return l.detach();
    });
    await loss.data();
    loss.dispose();
  };
}

/** Replay every dispatch of one `step` alone and sum the times per pipeline key. */
async function profileStep(step: () => Promise<void>): Promise<void> {
  const recorded: Dispatch[] = [];
  const original = rt.dispatch.bind(rt);
  rt.dispatch = (d: Dispatch) => {
    recorded.push(d);
    original(d);
  };
  await step();
  rt.dispatch = original;
  const perKey = new Map<string, { ms: number; count: number }>();
  for (const d of recorded) {
    // Fresh buffers of the same sizes: the pooled ones may since have been reused for another role.
    const buffers = d.buffers.map((b) => device.createBuffer({ size: b.size, usage: b.usage }));
    const ms = await medianMs(async () => {
      original({ ...d, buffers });
      await backend.flush();
    }, 1, 3, 200);
    for (const b of buffers) b.destroy();
    const entry = perKey.get(d.key) ?? { ms: 0, count: 0 };
    perKey.set(d.key, { ms: entry.ms + ms, count: entry.count + 1 });
  }
  const total = [...perKey.values()].reduce((s, e) => s + e.ms, 0);
  console.log(`  ${recorded.length} dispatches; sum of isolated dispatch times ${total.toFixed(1)} ms (each includes a submit + wait)`);
  for (const [key, { ms, count }] of [...perKey].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14)) {
    console.log(`  ${key.padEnd(44)} ${String(count).padStart(4)}× ${ms.toFixed(2).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(6)}%`);
  }
}

async function trainingSection(label: string, batch: number, model: Sequential, xShape: number[]): Promise<void> {
  const x = tensor(data(batch * 784, 11), xShape);
  const y = tensor(Int32Array.from({ length: batch }, (_, i) => (i * 7 + 3) % 10), [batch], 'int32');
  const step = trainingStep(model, x, y);
  const t0 = now();
  await step();
  const first = now() - t0;
  const ms = await medianMs(step, 2, 5, 3000);
  console.log(`\n${label}: first step ${first.toFixed(0)} ms (pipeline compiles included), then ${ms.toFixed(1)} ms/step = ${((batch * 1000) / ms).toFixed(0)} images/s`);
  await profileStep(step);
}

if (only.includes('lenet')) {
  const rng = new Rng(1);
  const lenet = new Sequential(
    new Conv2d(1, 8, 5, { rng }), new ReLU(), new MaxPool2d(2),
    new Conv2d(8, 16, 5, { rng }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Dense(256, 128, { rng }), new ReLU(), new Dense(128, 10, { rng }),
  );
  await trainingSection('LeNet batch 64', 64, lenet, [64, 1, 28, 28]);
}
if (only.includes('mlp')) {
  const rng = new Rng(1);
  const mlp = new Sequential(new Dense(784, 256, { rng }), new ReLU(), new Dense(256, 256, { rng }), new ReLU(), new Dense(256, 10, { rng }));
  await trainingSection('MLP 784-256-256-10 batch 128', 128, mlp, [128, 784]);
}
console.log(`\nload at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
