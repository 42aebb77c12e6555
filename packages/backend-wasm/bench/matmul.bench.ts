// Matmul throughput of the wasm backend, 1 and N threads: the 1024² squares in NN, NT and TN form
// and the products of the bench's training steps (MLP 784-256-256-10 at batch 128, char-LSTM
// hidden 128 at batch 32), wall-clock GFLOPS and GFLOPS per CPU-second.
// Run: pnpm --filter @nabla/backend-wasm bench [-- --size 1024 --threads 2 --reps 10]
import type { TensorInfo } from '@nabla/tensor-core';
import { createWasmBackend } from '../src/create-wasm-backend.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** One product: C [M, N] = op(A) · op(B) over K. */
interface Product {
  readonly name: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

const size = option('size', 1024);
const reps = option('reps', 10);
const threadCounts = [1, option('threads', 2)];
const product = (name: string, m: number, n: number, k: number, transposeA = false, transposeB = false): Product => ({ name, m, n, k, transposeA, transposeB });
const PRODUCTS: readonly Product[] = [
  product(`${size}² NN`, size, size, size),
  product(`${size}² NT`, size, size, size, false, true),
  product(`${size}² TN`, size, size, size, true, false),
  product('MLP x·W1ᵀ 128×784·784×256', 128, 256, 784, false, true),
  product('MLP dW1 256×128·128×784', 256, 784, 128, true, false),
  product('MLP dx2 128×256·256×256', 128, 256, 256),
  product('LSTM h·W_hhᵀ 32×128·128×512', 32, 512, 128, false, true),
  product('LSTM dh 32×512·512×128', 32, 128, 512),
  product('LSTM dW_hh 512×1024·1024×128', 512, 128, 1024, true, false),
  product('few rows 32×1024·1024×512', 32, 512, 1024),
  product('few rows 32×1024·1024×512 NT', 32, 512, 1024, false, true),
  product('few rows 64×512·512×256', 64, 256, 512),
];

function randomInfo(backend: { write(v: Float32Array, d: 'float32'): TensorInfo['dataId'] }, shape: number[]): TensorInfo {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = Math.random() * 2 - 1;
  return { dataId: backend.write(values, 'float32'), shape, dtype: 'float32' };
}

for (const numThreads of threadCounts) {
  const backend = await createWasmBackend({ numThreads });
  for (const p of PRODUCTS) {
    const a = randomInfo(backend, p.transposeA ? [1, p.k, p.m] : [1, p.m, p.k]);
    const b = randomInfo(backend, p.transposeB ? [1, p.n, p.k] : [1, p.k, p.n]);
    const flops = 2 * p.m * p.n * p.k;
    // enough calls for ~50 ms per timed batch; V8 tiers the kernels up during the warm-up calls
    const calls = Math.max(1, Math.round(2e9 / flops));
    const run = (): void => backend.disposeData(backend.matmul(a, b, p.transposeA, p.transposeB, [1, p.m, p.n]));
    for (let i = 0; i < Math.max(10, calls); i++) run();
    const wallMs: number[] = [];
    const cpuMs: number[] = [];
    for (let r = 0; r < reps; r++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < calls; i++) run();
      wallMs.push((performance.now() - start) / calls);
      const cpu = process.cpuUsage(cpuStart);
      cpuMs.push((cpu.user + cpu.system) / 1000 / calls);
    }
    const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const wall = median(wallMs);
    console.log(`${p.name.padEnd(30)} threads=${backend.numThreads}: ${(wall * 1000).toFixed(0).padStart(7)} µs → ${(flops / (wall * 1e6)).toFixed(1).padStart(5)} GFLOPS wall, ${(flops / (median(cpuMs) * 1e6)).toFixed(1).padStart(5)} per CPU-second`);
    backend.disposeData(a.dataId);
    backend.disposeData(b.dataId);
  }
  backend.dispose();
}
