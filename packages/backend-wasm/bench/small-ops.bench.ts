// Per-call cost of the small ops a char-LSTM training step issues (batch 32, hidden 128): its
// matmuls in every transpose form, the gate nonlinearities, elementwise ops and slices, plus
// 128² and 256² matmuls. Each op runs on a 1-thread backend and on the pool, alternating, and
// reports wall and process-CPU microseconds per call (the CPU figure survives a shared machine).
// Run: pnpm --filter @nabla/backend-wasm exec tsx --conditions=@nabla/source bench/small-ops.bench.ts [--threads 2]
import os from 'node:os';
import { binaryProgram, unaryProgram, type DataId, type TensorInfo } from '@nabla/tensor-core';
import { createWasmBackend } from '../src/create-wasm-backend.js';
import type { WasmBackend } from '../src/wasm-backend.js';

const at = process.argv.indexOf('--threads');
const poolThreads = at >= 0 ? Number(process.argv[at + 1]) : 2;
const backends = [await createWasmBackend({ numThreads: 1 }), await createWasmBackend({ numThreads: poolThreads })];

/** One benchmark case: how to build its operands on a backend, then the op on them. */
interface Case {
  readonly name: string;
  readonly flops: number;
  readonly make: (backend: WasmBackend) => () => DataId;
}

function random(backend: WasmBackend, shape: number[]): TensorInfo {
  const size = shape.reduce((a, b) => a * b, 1);
  return { dataId: backend.write(Float32Array.from({ length: size }, () => Math.random() * 2 - 1), 'float32'), shape, dtype: 'float32' };
}

function matmulCase(m: number, n: number, k: number, ta: boolean, tb: boolean, batch = 1): Case {
  return {
    name: `matmul ${batch > 1 ? `${batch}×` : ''}[${m}×${k}]·[${k}×${n}] ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`,
    flops: 2 * batch * m * n * k,
    make: (backend) => {
      const a = random(backend, ta ? [batch, k, m] : [batch, m, k]);
      const b = random(backend, tb ? [batch, n, k] : [batch, k, n]);
      return () => backend.matmul(a, b, ta, tb, [batch, m, n]);
    },
  };
}

const gate = [32, 128];
const cases: Case[] = [
  matmulCase(32, 512, 128, false, true),
  matmulCase(32, 128, 512, false, false),
  matmulCase(512, 128, 32, true, false),
  matmulCase(32, 512, 32, false, true, 32),
  ...[128, 256].flatMap((s) => [matmulCase(s, s, s, false, false), matmulCase(s, s, s, false, true), matmulCase(s, s, s, true, false)]),
  ...(['sigmoid', 'tanh', 'exp'] as const).map((op): Case => ({
    name: `${op} [32×128]`, flops: 0, make: (backend) => {
      const x = random(backend, gate);
      return () => backend.elementwise(unaryProgram(op, 'float32'), [x], gate);
    },
  })),
  {
    name: 'mul [32×128]', flops: 0, make: (backend) => {
      const [x, y] = [random(backend, gate), random(backend, gate)];
      return () => backend.elementwise(binaryProgram('mul', 'float32'), [x, y], gate);
    },
  },
  {
    name: 'add bias [32×512]+[512]', flops: 0, make: (backend) => {
      const [x, y] = [random(backend, [32, 512]), random(backend, [512])];
      return () => backend.elementwise(binaryProgram('add', 'float32'), [x, y], [32, 512]);
    },
  },
  {
    name: 'slice [32×512]→[32×128]', flops: 0, make: (backend) => {
      const x = random(backend, [32, 512]);
      return () => backend.slice(x, [0, 128], [32, 128]);
    },
  },
];

console.log(`wasm backend small ops, 1 thread vs ${poolThreads}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const c of cases) {
  const runs = backends.map((backend) => {
    const op = c.make(backend);
    return () => backend.disposeData(op());
  });
  const reps = Math.max(20, Math.min(5000, Math.round(2e8 / Math.max(c.flops, 2e4))));
  const wall = [0, 0];
  const cpu = [0, 0];
  for (const run of runs) for (let i = 0; i < reps / 4; i++) run();
  for (let round = 0; round < 4; round++) {
    runs.forEach((run, which) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) run();
      wall[which] += performance.now() - t0;
      const used = process.cpuUsage(c0);
      cpu[which] += (used.user + used.system) / 1000;
    });
  }
  const us = (ms: number): number => (1000 * ms) / (4 * reps);
  const rate = (ms: number): string => (c.flops > 0 ? ` ${(c.flops / us(ms) / 1000).toFixed(1)} GFLOPS` : '');
  const cell = (which: number): string => `${us(wall[which]).toFixed(1)} µs wall${rate(wall[which])}, ${us(cpu[which]).toFixed(1)} µs cpu`;
  console.log(`${c.name.padEnd(30)} 1 thread: ${cell(0)} | ${poolThreads} threads: ${cell(1)}`);
}
for (const backend of backends) backend.dispose();
