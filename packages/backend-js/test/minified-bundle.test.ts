/**
 * The GEMM workers run the engine's own function text, so a bundler that renames functions must
 * not break them (a Vite production build once did: "gemmBands is not defined"). This bundles and
 * minifies the package with esbuild, loads the bundle, and runs a threaded matmul from it.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import type { DataId, TensorInfo } from '@nabla/tensor-core';
import { closeTo, randoms } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', '.tmp', `minified-${process.pid}`);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface BundledBackend {
  readonly numThreads: number;
  threadsReady(): Promise<number>;
  write(values: Float32Array, dtype: 'float32'): DataId;
  matmul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, outShape: readonly number[]): DataId;
  readSync(dataId: DataId): Float32Array;
  dispose(): void;
}

it('a minified bundle runs its GEMM on worker threads and gets the naive product', async () => {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'backend-js.min.mjs');
  await build({
    entryPoints: [join(here, '..', 'src', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    conditions: ['@nabla/source'],
    outfile,
    logLevel: 'silent',
  });
  const bundle = (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as { JsBackend: new (o: { numThreads: number }) => BundledBackend };
  const backend = new bundle.JsBackend({ numThreads: 2 });
  try {
    expect(await backend.threadsReady()).toBe(2);
    const [m, k, n] = [130, 97, 150]; // m·k·n above the parallel threshold
    const a = randoms(m * k, 11);
    const b = randoms(k * n, 12);
    const info = (values: readonly number[], shape: number[]): TensorInfo => ({ dataId: backend.write(Float32Array.from(values), 'float32'), shape, dtype: 'float32' });
    const out = backend.readSync(backend.matmul(info(a, [1, m, k]), info(b, [1, k, n]), false, false, [1, m, n]));
    const expected: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += Math.fround(a[i * k + p]) * Math.fround(b[p * n + j]);
        expected.push(s);
      }
    }
    closeTo(Array.from(out), expected, 1e-4);
  } finally {
    backend.dispose();
  }
});
