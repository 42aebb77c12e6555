/**
 * Where a GEMM starts to gain from a second thread: wall-clock time of square float32 products
 * around PARALLEL_WORK, the blocked engine on the calling thread against the same product split
 * over a 2-thread pool (below the threshold too), interleaved in one process.
 *
 *   pnpm --filter @nabla/backend-js exec tsx --conditions=@nabla/source bench/parallel_threshold.bench.ts
 */
import { gemmBlocked, newWorkspace } from '../src/matmul/gemm-kernel.js';
import { gemmOnThreads, PARALLEL_WORK } from '../src/matmul/parallel-gemm.js';
import { matrixView } from '../src/matmul/strided-matrix.js';
import type { OutputMatrix, StridedMatrix } from '../src/matmul/strided-matrix.js';
import { ThreadPool } from '../src/threads/thread-pool.js';

const SIZES = [48, 64, 80, 96, 112, 128, 160, 192];
const ROUNDS = 5;

function seeded(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

/** Median milliseconds of `run`, over enough calls per sample to last ~5 ms. */
function medianMs(run: () => void, work: number): number {
  const calls = Math.max(3, Math.round(2.5e7 / work));
  const samples: number[] = [];
  for (let r = 0; r < 7; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    samples.push((performance.now() - start) / calls);
  }
  return samples.sort((x, y) => x - y)[3];
}

const pool = new ThreadPool(2);
await pool.started;
const ws = newWorkspace();
console.log(`PARALLEL_WORK = ${PARALLEL_WORK} (≈ ${Math.cbrt(PARALLEL_WORK).toFixed(0)}³); ${pool.numThreads} threads`);
console.log('n      1 thread ms   2 threads ms   speed-up   (median of 5 interleaved rounds)');
for (const n of SIZES) {
  const a: StridedMatrix = matrixView(seeded(n * n, 1), 0, n, n, false);
  const b: StridedMatrix = matrixView(seeded(n * n, 2), 0, n, n, false);
  const c: OutputMatrix = { data: new Float32Array(n * n), offset: 0, rowStride: n, colStride: 1 };
  const t1: number[] = [];
  const t2: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    t1.push(medianMs(() => gemmBlocked(n, n, n, a, b, c, ws), n * n * n));
    t2.push(medianMs(() => gemmOnThreads(n, n, n, a, b, c, pool, ws, 'bench'), n * n * n));
  }
  const m1 = t1.sort((x, y) => x - y)[ROUNDS >> 1];
  const m2 = t2.sort((x, y) => x - y)[ROUNDS >> 1];
  console.log(`${String(n).padEnd(6)} ${m1.toFixed(3).padStart(12)} ${m2.toFixed(3).padStart(14)} ${(m1 / m2).toFixed(2).padStart(10)}`);
}
pool.dispose();
