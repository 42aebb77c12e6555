import { matmul, ndarray } from '@nabla/backend-conformance/reference';
import { describe, expect, it } from 'vitest';
import { acquireBackend, download, expectClose, randomFloats, randomInts, upload } from './gpu.js';
import { withOutShapes } from '@nabla/test-kit/routine-shapes';

const backend = await acquireBackend();

/** The suite's float64 reference product of the operands as stored (transposes swap the last two dims). */
function matmulRef(a: ArrayLike<number>, aShape: number[], b: ArrayLike<number>, bShape: number[], tA: boolean, tB: boolean): number[] {
  return Array.from(matmul(ndarray(aShape, a), ndarray(bShape, b), tA, tB).data);
}

/** Tolerance: float32 accumulation of K products of magnitude ≤ 4 → relative 1e-5, absolute 1e-4·√K. */
const RTOL = 1e-5;

describe.skipIf(backend === null)('matmul', () => {
  const b = backend!;
  const routines = withOutShapes(b);
  const SIZES: [number, number, number, number, number][] = [
    // batchA, batchB, M, K, N
    [1, 1, 1, 1, 1],
    [1, 1, 5, 7, 3],
    [2, 2, 17, 33, 18], // rows past an 8-row block
    [1, 1, 70, 20, 66], // columns past the 64 threads of a workgroup
    [1, 1, 9, 5, 129], // 8×4 register blocks: past 128 columns
    [1, 1, 9, 5, 257], // 8×8 register blocks: past 256 columns
    [2, 1, 3, 7, 600], // 8×8 register blocks: past 512 columns, 3 of 8 rows
    [1, 1, 1, 2, 1030], // 8×8 register blocks: past two workgroups, one row
    [2, 1, 515, 3, 7], // ≥ 512 rows: a transposed B is copied to K×N first
    [3, 1, 4, 20, 6], // b broadcast over the batch
    [1, 4, 9, 3, 16], // a broadcast over the batch
    [2, 2, 3, 0, 4], // K = 0 gives zeros
    [1, 1, 0, 4, 5], // empty output
  ];

  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      it(`transposeA=${tA} transposeB=${tB}`, async () => {
        for (const [batchA, batchB, M, K, N] of SIZES) {
          const aShape = tA ? [batchA, K, M] : [batchA, M, K];
          const bShape = tB ? [batchB, N, K] : [batchB, K, N];
          const av = randomFloats(batchA * M * K, M * 31 + K);
          const bv = randomFloats(batchB * K * N, N * 17 + K);
          const out = await download(b, routines.matmul(upload(b, av, aShape), upload(b, bv, bShape), tA, tB));
          const expected = matmulRef(av, aShape, bv, bShape, tA, tB);
          expectClose(out, expected.map(Math.fround), RTOL, 1e-4 * Math.sqrt(Math.max(K, 1)), `${aShape} x ${bShape}`);
        }
      });
    }
  }

  it('multiplies int32 matrices exactly', async () => {
    const av = randomInts(2 * 3 * 4, 1, -20, 20);
    const bv = randomInts(4 * 5, 2, -20, 20);
    const out = await b.read(routines.matmul(upload(b, av, [2, 3, 4], 'int32'), upload(b, bv, [1, 4, 5], 'int32'), false, false));
    expect(out).toBeInstanceOf(Int32Array);
    expect(Array.from(out)).toEqual(matmulRef(av, [2, 3, 4], bv, [1, 4, 5], false, false));
  });

  it('reuses one pipeline per transpose variant and register block whatever the shapes', async () => {
    const before = b.memory().details?.pipelines as number;
    for (const n of [2, 3, 5, 8]) {
      await b.read(routines.matmul(upload(b, randomFloats(n * n, n), [1, n, n]), upload(b, randomFloats(n * n, n + 1), [1, n, n]), false, false));
    }
    expect((b.memory().details?.pipelines as number) - before).toBeLessThanOrEqual(0);
  });
});
