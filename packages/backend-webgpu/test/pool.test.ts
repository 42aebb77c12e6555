// Max and average pooling and their backprops against naive window loops.
import type { Pool2dParams } from '@nabla/tensor-core';
import { convOutSize } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { acquireBackend, download, expectClose, randomFloats, sizeOf, upload } from './gpu.js';

const backend = await acquireBackend();

/** Relative tolerance for float32 window sums. */
const RTOL = 1e-5;

/** Naive pooling: per window the first maximal cell (NaN wins) or the average and its divisor. */
function poolRef(x: ArrayLike<number>, xShape: number[], p: Pool2dParams) {
  const [N, C, H, W] = xShape;
  const [KH, KW] = p.kernel;
  const OH = convOutSize(H, KH, p.strides[0], p.pads[0], p.pads[1]);
  const OW = convOutSize(W, KW, p.strides[1], p.pads[2], p.pads[3]);
  const max: number[] = [];
  const argmax: number[] = [];
  const avg: number[] = [];
  const windows: { cells: number[]; divisor: number }[] = [];
  for (let plane = 0; plane < N * C; plane++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    let best = -Infinity;
    let bestAt = -1;
    let sum = 0;
    const cells: number[] = [];
    for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      const ih = oh * p.strides[0] - p.pads[0] + kh;
      const iw = ow * p.strides[1] - p.pads[2] + kw;
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      const i = (plane * H + ih) * W + iw;
      cells.push(i);
      sum += x[i];
      if (bestAt < 0 || (!Number.isNaN(best) && (x[i] > best || Number.isNaN(x[i])))) {
        best = x[i];
        bestAt = i;
      }
    }
    const divisor = p.countIncludePad ? KH * KW : Math.max(cells.length, 1);
    max.push(best);
    argmax.push(bestAt);
    avg.push(sum / divisor);
    windows.push({ cells, divisor });
  }
  return { max, argmax, avg, windows, yShape: [N, C, OH, OW] };
}

const POOL_CASES: [number[], Pool2dParams][] = [
  [[1, 1, 4, 4], { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false }],
  [[2, 3, 5, 6], { kernel: [3, 3], strides: [1, 2], pads: [1, 1, 1, 0], countIncludePad: false }],
  [[1, 2, 6, 5], { kernel: [3, 2], strides: [2, 1], pads: [1, 1, 1, 1], countIncludePad: true }],
  [[1, 1, 3, 3], { kernel: [3, 3], strides: [1, 1], pads: [2, 2, 2, 2], countIncludePad: false }], // all-padding corners
  // Disjoint windows (stride ≥ kernel): one thread per window writes its block of cells.
  [[2, 3, 9, 7], { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false }], // leftover last row/column
  [[1, 2, 8, 9], { kernel: [2, 3], strides: [3, 3], pads: [1, 0, 0, 2], countIncludePad: false }], // gaps between windows, padding
  [[1, 1, 5, 5], { kernel: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true }],
];

describe.skipIf(backend === null)('pooling and its backprops', () => {
  const b = backend!;

  it.each(POOL_CASES.map((c, i) => [i, ...c] as const))('case %i: max/avg forward and backward', async (_, xShape, p) => {
    // Integer-valued inputs make ties common, exercising the first-maximum rule.
    const x = Array.from(randomFloats(sizeOf(xShape), 5, -3, 3), (v) => Math.round(v));
    const ref = poolRef(x, xShape, p);
    expectClose(await download(b, b.maxPool2d(upload(b, x, xShape), p, ref.yShape)), ref.max, 0, 0, 'maxPool2d');
    expectClose(await download(b, b.avgPool2d(upload(b, x, xShape), p, ref.yShape)), ref.avg, RTOL, 1e-6, 'avgPool2d');

    const dy = randomFloats(sizeOf(ref.yShape), 6);
    const dxMax = new Array<number>(x.length).fill(0);
    const dxAvg = new Array<number>(x.length).fill(0);
    ref.argmax.forEach((i, o) => {
      if (i >= 0) dxMax[i] += dy[o];
    });
    ref.windows.forEach(({ cells, divisor }, o) => cells.forEach((i) => (dxAvg[i] += dy[o] / divisor)));
    expectClose(await download(b, b.maxPool2dBackprop(upload(b, dy, ref.yShape), upload(b, x, xShape), p)), dxMax, RTOL, 1e-6, 'maxPool2dBackprop');
    expectClose(await download(b, b.avgPool2dBackprop(upload(b, dy, ref.yShape), xShape, p)), dxAvg, RTOL, 1e-6, 'avgPool2dBackprop');
  });

  it('lets NaN win a max window', async () => {
    const p: Pool2dParams = { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false };
    const x = [1, Number.NaN, 3, 4];
    expect(await download(b, b.maxPool2d(upload(b, x, [1, 1, 2, 2]), p, [1, 1, 1, 1]))).toEqual([Number.NaN]);
    expect(await download(b, b.maxPool2dBackprop(upload(b, [5], [1, 1, 1, 1]), upload(b, x, [1, 1, 2, 2]), p))).toEqual([0, 5, 0, 0]);
  });
});
