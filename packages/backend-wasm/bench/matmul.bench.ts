// Matmul throughput of the wasm backend: 1024² float32 in NN, NT and TN form, for 1 and N threads.
// Run: pnpm --filter @nabla/backend-wasm bench [-- --size 1024 --threads 2 --reps 10]
import type { TensorInfo } from '@nabla/tensor-core';
import { createWasmBackend } from '../src/create-wasm-backend.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const size = option('size', 1024);
const reps = option('reps', 10);
const threadCounts = [1, option('threads', 2)];

function randomMatrix(n: number): Float32Array {
  const values = new Float32Array(n * n);
  for (let i = 0; i < values.length; i++) values[i] = Math.random() * 2 - 1;
  return values;
}

for (const numThreads of threadCounts) {
  const backend = await createWasmBackend({ numThreads });
  const shape = [1, size, size];
  const a: TensorInfo = { dataId: backend.write(randomMatrix(size), 'float32'), shape, dtype: 'float32' };
  const b: TensorInfo = { dataId: backend.write(randomMatrix(size), 'float32'), shape, dtype: 'float32' };
  for (const [name, ta, tb] of [['NN', false, false], ['NT', false, true], ['TN', true, false]] as const) {
    for (let i = 0; i < 2; i++) backend.disposeData(backend.matmul(a, b, ta, tb));
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < reps; i++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const out = backend.matmul(a, b, ta, tb);
      times.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
      backend.disposeData(out);
    }
    cpuTimes.sort((x, y) => x - y);
    // CPU time per thread: what the wall time would be on idle cores with perfect balance.
    const cpuPerThread = cpuTimes[Math.floor(cpuTimes.length / 2)] / backend.numThreads;
    times.sort((x, y) => x - y);
    const median = times[Math.floor(times.length / 2)];
    const gflops = (2 * size ** 3) / (median * 1e6);
    console.log(`matmul ${size}² f32 ${name} threads=${backend.numThreads}: median ${median.toFixed(2)} ms, best ${times[0].toFixed(2)} ms → ${gflops.toFixed(1)} GFLOPS (best ${((2 * size ** 3) / (times[0] * 1e6)).toFixed(1)}); CPU-time based ${((2 * size ** 3) / (cpuPerThread * 1e6)).toFixed(1)} GFLOPS`);
  }
  backend.dispose();
}
