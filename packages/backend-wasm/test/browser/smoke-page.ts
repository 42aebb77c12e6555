// Runs inside Chromium (scripts/browser-smoke.mjs): checks a few kernels against naive loops,
// with Web Workers when the page is cross-origin isolated, and publishes the outcome.
import type { TensorInfo } from '@nabla/tensor-core';
import { createWasmBackend } from '../../src/create-wasm-backend.js';
import { unaryK } from '../support/programs.js';

interface SmokeResult {
  crossOriginIsolated: boolean;
  numThreads: number;
  failures: string[];
}

async function run(): Promise<SmokeResult> {
  const backend = await createWasmBackend({ numThreads: 2 });
  const failures: string[] = [];
  const info = (values: Float32Array, shape: number[]): TensorInfo => ({ dataId: backend.write(values, 'float32'), shape, dtype: 'float32' });
  const n = 160;
  const a = new Float32Array(n * n).map((_, i) => Math.sin(i));
  const b = new Float32Array(n * n).map((_, i) => Math.cos(i * 0.7));
  for (const [ta, tb] of [[false, false], [false, true], [true, false]] as const) {
    const out = backend.readSync(backend.matmul(info(a, [1, n, n]), info(b, [1, n, n]), ta, tb, [1, n, n]));
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (ta ? a[k * n + i] : a[i * n + k]) * (tb ? b[j * n + k] : b[k * n + j]);
        worst = Math.max(worst, Math.abs(s - out[i * n + j]));
      }
    }
    if (worst > 1e-3) failures.push(`matmul ta=${ta} tb=${tb}: max error ${worst}`);
  }
  const big = backend.fill(3_000_000, 0.5, 'float32');
  const squares = unaryK(backend, 'square', { dataId: big, shape: [3_000_000], dtype: 'float32' });
  const sums = backend.readSync(backend.reduce('sum', { dataId: squares, shape: [3000, 1000], dtype: 'float32' }, [1], [3000]));
  if (!sums.every((v) => v === 250)) failures.push('row sums of 0.25 over 1000 columns are not 250');
  const total = backend.readSync(backend.reduce('sum', { dataId: squares, shape: [3_000_000], dtype: 'float32' }, [0], []));
  if (total[0] !== 750_000) failures.push(`full sum is ${total[0]}, expected 750000`);
  const result = { crossOriginIsolated: globalThis.crossOriginIsolated, numThreads: backend.numThreads, failures };
  backend.dispose();
  return result;
}

const target = globalThis as unknown as { smokeResult?: SmokeResult | { error: string } };
run().then(
  (result) => (target.smokeResult = result),
  (error: unknown) => (target.smokeResult = { error: String(error) }),
);
