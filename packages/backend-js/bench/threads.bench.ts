/**
 * 1 thread against 2 threads in one process, interleaved round by round: square float32 matmuls
 * in the three transpose forms, the matmuls of a 784-256-256-10 MLP step (batch 128) and the
 * LeNet conv passes (batch 64). Prints wall-clock GFLOPS (median of rounds) and the load average.
 *
 *   pnpm --filter @nabla/backend-js exec tsx --conditions=@nabla/source bench/threads.bench.ts
 */
import { loadavg } from 'node:os';
import type { Conv2dParams, DataId, TensorInfo } from '@nabla/tensor-core';
import { JsBackend } from '../src/index.js';

const ROUNDS = 5;
const VALID: Conv2dParams = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] };

interface Case {
  readonly label: string;
  readonly flops: number;
  readonly run: (backend: JsBackend, t: Record<string, TensorInfo>) => DataId;
  readonly tensors: Record<string, readonly number[]>;
}

function matmulCase(label: string, m: number, n: number, k: number, ta: boolean, tb: boolean): Case {
  return {
    label, flops: 2 * m * n * k,
    tensors: { a: [1, ta ? k : m, ta ? m : k], b: [1, tb ? n : k, tb ? k : n] },
    run: (be, t) => be.matmul(t.a, t.b, ta, tb),
  };
}

function convCase(label: string, pass: 'forward' | 'input' | 'filter', x: number[], w: number[]): Case {
  const [N, C, H, W] = x;
  const [O, , K] = w;
  const dy = [N, O, H - K + 1, W - K + 1];
  return {
    label: `${label} ${pass}`, flops: 2 * N * O * dy[2] * dy[3] * C * K * K,
    tensors: { x, w, dy },
    run: (be, t) => pass === 'forward' ? be.conv2d(t.x, t.w, VALID)
      : pass === 'input' ? be.conv2dBackpropInput(t.dy, t.w, x, VALID) : be.conv2dBackpropFilter(t.x, t.dy, w, VALID),
  };
}

const CASES: Case[] = [
  ...[256, 512, 1024].flatMap((n) => (['NN', 'NT', 'TN'] as const).map((f) => matmulCase(`matmul ${n}² ${f}`, n, n, n, f === 'TN', f === 'NT'))),
  matmulCase('MLP fwd 128×784·784×256', 128, 256, 784, false, false),
  matmulCase('MLP dW 784×128·128×256', 784, 256, 128, true, false),
  matmulCase('MLP dX 128×256·256×784', 128, 784, 256, false, true),
  ...(['forward', 'input', 'filter'] as const).map((p) => convCase('LeNet conv1', p, [64, 1, 28, 28], [8, 1, 5, 5])),
  ...(['forward', 'input', 'filter'] as const).map((p) => convCase('LeNet conv2', p, [64, 8, 12, 12], [16, 8, 5, 5])),
];

function upload(backend: JsBackend, shape: readonly number[]): TensorInfo {
  const size = shape.reduce((x, y) => x * y, 1);
  const values = new Float32Array(size).map((_, i) => ((i * 7919) % 997) / 997 - 0.5);
  return { dataId: backend.write(values, 'float32'), shape, dtype: 'float32' };
}

/** Median wall-clock milliseconds of one call, calls batched to ~30 ms per sample. */
function timeCase(backend: JsBackend, c: Case): number {
  const t = Object.fromEntries(Object.entries(c.tensors).map(([name, shape]) => [name, upload(backend, shape)]));
  backend.disposeData(c.run(backend, t));
  const calls = Math.max(1, Math.round(3e8 / c.flops));
  const samples: number[] = [];
  for (let s = 0; s < 3; s++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) backend.disposeData(c.run(backend, t));
    samples.push((performance.now() - start) / calls);
  }
  for (const info of Object.values(t)) backend.disposeData(info.dataId);
  return samples.sort((x, y) => x - y)[1];
}

const backends = [new JsBackend({ numThreads: 1 }), new JsBackend({ numThreads: 2 })];
await backends[1].threadsReady();
console.log(`load average at start: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(`${'case'.padEnd(30)} ${'1 thread'.padStart(9)} ${'2 threads'.padStart(10)}  GFLOPS wall, median of ${ROUNDS} interleaved rounds`);
for (const c of CASES) {
  const ms = backends.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) backends.forEach((be, i) => ms[i].push(timeCase(be, c)));
  const gflops = ms.map((m) => c.flops / m.sort((x, y) => x - y)[ROUNDS >> 1] / 1e6);
  console.log(`${c.label.padEnd(30)} ${gflops[0].toFixed(2).padStart(9)} ${gflops[1].toFixed(2).padStart(10)}  ×${(gflops[1] / gflops[0]).toFixed(2)}`);
}
console.log(`load average at end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
backends[1].dispose();
