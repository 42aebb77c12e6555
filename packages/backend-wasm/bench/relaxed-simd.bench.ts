/**
 * Relaxed-SIMD overlay vs SIMD128 kernels, interleaved in one process (run under
 * `node --experimental-wasm-relaxed-simd` on Node 20): float32 matmul GFLOPS per CPU-second.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx --conditions=@nabla/source bench/relaxed-simd.bench.ts [threads]
 */
import { createWasmBackend } from '../src/create-wasm-backend.js';
import type { WasmBackend } from '../src/wasm-backend.js';

const threads = Number(process.argv[2] ?? 1);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function gflops(backend: WasmBackend, m: number, k: number, n: number, reps: number): Promise<number> {
  const a = { dataId: backend.write(new Float32Array(m * k).map((_, i) => ((i * 7) % 13) / 13 - 0.5), 'float32'), shape: [1, m, k], dtype: 'float32' as const };
  const b = { dataId: backend.write(new Float32Array(k * n).map((_, i) => ((i * 5) % 11) / 11 - 0.5), 'float32'), shape: [1, k, n], dtype: 'float32' as const };
  backend.disposeData(backend.matmul(a, b, false, false, [1, m, n]));
  const t0 = cpuMs();
  for (let r = 0; r < reps; r++) backend.disposeData(backend.matmul(a, b, false, false, [1, m, n]));
  const ms = cpuMs() - t0;
  backend.disposeData(a.dataId);
  backend.disposeData(b.dataId);
  return (2 * m * k * n * reps) / ms / 1e6;
}

const relaxed = await createWasmBackend({ numThreads: threads });
const plain = await createWasmBackend({ numThreads: threads, relaxedSimd: false });
console.log(`threads ${threads}; variants: ${relaxed.kernelVariant} vs ${plain.kernelVariant}; GFLOPS per CPU-second, 5 interleaved rounds`);
for (const [m, k, n, reps] of [[1024, 1024, 1024, 3], [128, 784, 256, 60], [32, 128, 512, 400]] as const) {
  const r: number[] = [];
  const p: number[] = [];
  for (let round = 0; round < 5; round++) {
    r.push(await gflops(relaxed, m, k, n, reps));
    p.push(await gflops(plain, m, k, n, reps));
  }
  const med = (xs: number[]): number => [...xs].sort((x, y) => x - y)[2];
  console.log(`${m}×${k}·${k}×${n}: relaxed ${med(r).toFixed(1)}  simd128 ${med(p).toFixed(1)}  ratio ${(med(r) / med(p)).toFixed(2)}`);
}
relaxed.dispose();
plain.dispose();
