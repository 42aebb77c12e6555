import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DType, TensorInfo, TypedArray } from '@nabla/tensor-core';
import { BackendError } from '@nabla/tensor-core';
import { JsBackend } from '../src/js-backend.js';
import { PARALLEL_WORK } from '../src/matmul/parallel-gemm.js';
import { packWholeB } from '../src/matmul/gemm-kernel.js';
import { ThreadPool } from '../src/threads/thread-pool.js';
import type { GemmJob } from '../src/threads/gemm-job.js';
import { withOutShapes } from '@nabla/test-kit/routine-shapes';
import { closeTo, randoms } from './helpers.js';

const single = new JsBackend({ numThreads: 1 });
const threaded = new JsBackend({ numThreads: 2 });

beforeAll(async () => {
  expect(await threaded.threadsReady()).toBe(2);
});
afterAll(() => threaded.dispose());

function upload(backend: JsBackend, values: readonly number[], shape: readonly number[], dtype: DType): TensorInfo {
  const host = dtype === 'float64' ? Float64Array.from(values) : dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values);
  return { dataId: backend.write(host, dtype), shape, dtype };
}

/** Naive float64 batched product of the stored (possibly transposed) operands. */
function reference(a: readonly number[], aShape: number[], b: readonly number[], bShape: number[], ta: boolean, tb: boolean): number[] {
  const [ba, ar, ac] = aShape;
  const [bb, br, bc] = bShape;
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const n = tb ? br : bc;
  const out: number[] = [];
  for (let t = 0; t < Math.max(ba, bb); t++) {
    const ao = (ba === 1 ? 0 : t) * ar * ac;
    const bo = (bb === 1 ? 0 : t) * br * bc;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (ta ? a[ao + p * ac + i] : a[ao + i * ac + p]) * (tb ? b[bo + j * bc + p] : b[bo + p * bc + j]);
        out.push(s);
      }
    }
  }
  return out;
}

/** The product on one thread and on two: equal bit for bit, and close to the naive reference. */
function checkMatmul(batchA: number, batchB: number, m: number, n: number, k: number, ta: boolean, tb: boolean, dtype: DType = 'float32'): TypedArray {
  const aShape = [batchA, ta ? k : m, ta ? m : k];
  const bShape = [batchB, tb ? n : k, tb ? k : n];
  const round = dtype === 'int32' ? (v: number) => Math.round(v * 8) : dtype === 'float32' ? Math.fround : (v: number) => v;
  const a = randoms(batchA * m * k, 3 + m + k).map(round);
  const b = randoms(batchB * k * n, 7 + n).map(round);
  const run = (backend: JsBackend): TypedArray =>
    backend.readSync(withOutShapes(backend).matmul(upload(backend, a, aShape, dtype), upload(backend, b, bShape, dtype), ta, tb));
  const one = run(single);
  const two = run(threaded);
  expect(two).toEqual(one);
  closeTo(two, reference(a, aShape, b, bShape, ta, tb), dtype === 'float32' ? 2e-5 : 1e-12);
  return two;
}

// products of a few hundred rows on two threads take seconds each on a loaded machine
describe('threaded GEMM', { timeout: 60_000 }, () => {
  it('reports its threads and its shared scratch', () => {
    expect(threaded.numThreads).toBe(2);
    expect(threaded.memory().details).toMatchObject({ numThreads: 2 });
    expect(single.numThreads).toBe(1);
    expect(single.memory().details).toEqual({ numThreads: 1, sharedScratchBytes: 0 });
  });

  for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    const tag = `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;
    it(`${tag}: odd sizes match one thread bit for bit`, () => {
      checkMatmul(1, 1, 101, 77, 131, ta, tb);
      checkMatmul(1, 1, 31, 263, 300, ta, tb); // wider than tall: split along columns
      checkMatmul(1, 1, 259, 13, 257, ta, tb);
    });
  }

  it('batched products, with the batch broadcast either way', () => {
    checkMatmul(3, 3, 90, 70, 110, false, false);
    checkMatmul(3, 1, 90, 70, 110, true, false);
    checkMatmul(1, 2, 90, 70, 110, false, true);
  });

  it('float64 and int32 products', () => {
    checkMatmul(1, 1, 97, 85, 120, false, true, 'float64');
    checkMatmul(1, 1, 97, 85, 120, true, false, 'int32');
  });

  it('uses the workers just above the threshold and not just below it', () => {
    const side = Math.cbrt(PARALLEL_WORK);
    const fresh = new JsBackend({ numThreads: 2 });
    return fresh.threadsReady().then(() => {
      const run = (m: number, n: number, k: number): void => {
        const a = upload(fresh, randoms(m * k, 1), [1, m, k], 'float32');
        const b = upload(fresh, randoms(k * n, 2), [1, k, n], 'float32');
        fresh.matmul(a, b, false, false, [1, m, n]);
      };
      run(side - 1, side, side); // m·n·k just below
      expect(fresh.memory().details?.sharedScratchBytes).toBe(0);
      run(side, side, side + 1); // just above
      expect(fresh.memory().details?.sharedScratchBytes).toBeGreaterThan(0);
      fresh.dispose();
      expect(fresh.numThreads).toBe(1);
      // the same shapes, checked against one thread and the reference
      checkMatmul(1, 1, side - 1, side, side, false, false);
      checkMatmul(1, 1, side, side, side + 1, false, true);
    });
  });

  it('conv2d and both gradients match one thread bit for bit', () => {
    const xShape = [2, 16, 20, 20];
    const wShape = [32, 16, 3, 3];
    const dyShape = [2, 32, 18, 18];
    const p = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] } as const;
    const xs = randoms(2 * 16 * 20 * 20, 5).map(Math.fround);
    const ws = randoms(32 * 16 * 9, 6).map(Math.fround);
    const dys = randoms(2 * 32 * 18 * 18, 8).map(Math.fround);
    const passes = (backend: JsBackend): TypedArray[] => {
      const x = upload(backend, xs, xShape, 'float32');
      const w = upload(backend, ws, wShape, 'float32');
      const dy = upload(backend, dys, dyShape, 'float32');
      return [
        backend.readSync(backend.conv2d(x, w, p, dyShape)),
        backend.readSync(backend.conv2dBackpropInput(dy, w, xShape, p)),
        backend.readSync(backend.conv2dBackpropFilter(x, dy, wShape, p)),
      ];
    };
    const before = threaded.memory().details?.sharedScratchBytes;
    expect(passes(threaded)).toEqual(passes(single));
    expect(threaded.memory().details?.sharedScratchBytes).toBeGreaterThanOrEqual(Number(before));
  });
});

describe('thread pool', () => {
  it('turns an error inside a worker job into a BackendError, then keeps working', async () => {
    const pool = new ThreadPool(2);
    await pool.started;
    expect(pool.numThreads).toBe(2);
    // arena: packed B (16 float64), then A and C (16 float32 each)
    const arena = pool.arena(16 * 8 + 2 * 16 * 4);
    const matrix = (at: number, length: number): GemmJob['a'] => ({ array: 'Float32Array', byteOffset: at, length, offset: 0, rowStride: 4, colStride: 1 });
    const job = (cLength: number): GemmJob => ({
      m: 4, n: 4, k: 4, a: matrix(128, 16), packedB: { byteOffset: 0, length: 16 }, c: matrix(192, cLength), band: 3, count: 2,
    });
    // C claims 1000 elements of a 256-byte arena: the worker's view of it throws a RangeError
    let ownRan = false;
    const run = (): void => pool.run('matmul', '4×4 · 4×4 GEMM on Float32Array', job(1000), 1, () => { ownRan = true; });
    expect(run).toThrow(BackendError);
    expect(run).toThrow(/matmul.*4×4 · 4×4 GEMM on Float32Array: a worker thread failed: .*(length|bounds)/i);
    expect(ownRan).toBe(true);
    // the same pool still runs a good job on its worker alone: C = A·B with A = 2·I and B = 1..16
    const a = new Float32Array(arena, 128, 16);
    a.fill(0);
    for (let i = 0; i < 4; i++) a[i * 5] = 2;
    const b = Float32Array.from({ length: 16 }, (_, i) => i + 1);
    packWholeB({ data: b, offset: 0, rowStride: 4, colStride: 1 }, 4, 4, new Float64Array(arena, 0, 16));
    const c = new Float32Array(arena, 192, 16);
    c.fill(0);
    pool.run('matmul', 'good', job(16), 1, () => undefined);
    expect(Array.from(c)).toEqual(Array.from({ length: 16 }, (_, i) => 2 * (i + 1)));
    pool.dispose();
    expect(pool.numThreads).toBe(1);
  });

  it('rejects a thread count that is not a positive integer, from the option or NABLA_JS_THREADS', () => {
    expect(() => new JsBackend({ numThreads: 0 })).toThrow(BackendError);
    expect(() => new JsBackend({ numThreads: 1.5 })).toThrow(/numThreads must be a positive integer/);
    const saved = process.env.NABLA_JS_THREADS;
    try {
      process.env.NABLA_JS_THREADS = 'two';
      expect(() => new JsBackend()).toThrow(/NABLA_JS_THREADS/);
      process.env.NABLA_JS_THREADS = '1';
      expect(new JsBackend().numThreads).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.NABLA_JS_THREADS;
      else process.env.NABLA_JS_THREADS = saved;
    }
  });

  it('honours NABLA_JS_THREADS when no option is given', async () => {
    const saved = process.env.NABLA_JS_THREADS;
    process.env.NABLA_JS_THREADS = '2';
    const backend = new JsBackend();
    if (saved === undefined) delete process.env.NABLA_JS_THREADS;
    else process.env.NABLA_JS_THREADS = saved;
    expect(await backend.threadsReady()).toBe(2);
    backend.dispose();
  });
});
