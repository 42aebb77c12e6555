/**
 * 1 thread against 2 threads in one process, interleaved round by round: square float32 matmuls
 * in the three transpose forms, the matmuls of a 784-256-256-10 MLP step (batch 128) and the
 * LeNet conv passes (batch 64). Prints wall-clock GFLOPS (median of rounds) and, steadier on a
 * shared machine, GFLOPS per CPU-second (process CPU time, all threads): when 2 threads keep the
 * single-thread figure per CPU-second, the split costs nothing and idle cores give the full 2×.
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

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Median wall-clock and CPU milliseconds of one call, calls batched to ~30 ms per sample. */
function timeCase(backend: JsBackend, c: Case): [number, number] {
  const t = Object.fromEntries(Object.entries(c.tensors).map(([name, shape]) => [name, upload(backend, shape)]));
  backend.disposeData(c.run(backend, t));
  const calls = Math.max(1, Math.round(3e8 / c.flops));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < 3; s++) {
    const start = performance.now();
    const startCpu = cpuMs();
    for (let i = 0; i < calls; i++) backend.disposeData(c.run(backend, t));
    cpu.push((cpuMs() - startCpu) / calls);
    wall.push((performance.now() - start) / calls);
  }
  for (const info of Object.values(t)) backend.disposeData(info.dataId);
  return [wall.sort((x, y) => x - y)[1], cpu.sort((x, y) => x - y)[1]];
}

const backends = [new JsBackend({ numThreads: 1 }), new JsBackend({ numThreads: 2 })];
await backends[1].threadsReady();
console.log(`load average at start: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(`GFLOPS, median of ${ROUNDS} interleaved rounds: wall clock | per CPU-second`);
console.log(`${'case'.padEnd(30)} ${'1 thread'.padStart(9)} ${'2 threads'.padStart(10)} ${'gain'.padStart(6)} | ${'1 thread'.padStart(9)} ${'2 threads'.padStart(10)}`);
const median = (xs: number[]): number => xs.sort((x, y) => x - y)[ROUNDS >> 1];
for (const c of CASES) {
  const wall = backends.map(() => [] as number[]);
  const cpu = backends.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    backends.forEach((be, i) => {
      const [w, u] = timeCase(be, c);
      wall[i].push(w);
      cpu[i].push(u);
    });
  }
  const [w1, w2] = wall.map((ms) => c.flops / median(ms) / 1e6);
  const [u1, u2] = cpu.map((ms) => c.flops / median(ms) / 1e6);
  console.log(`${c.label.padEnd(30)} ${w1.toFixed(2).padStart(9)} ${w2.toFixed(2).padStart(10)} ${`×${(w2 / w1).toFixed(2)}`.padStart(6)} | ${u1.toFixed(2).padStart(9)} ${u2.toFixed(2).padStart(10)}`);
}
console.log(`load average at end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
backends[1].dispose();
