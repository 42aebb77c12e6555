import type { Conv2dParams, Pool2dParams } from '@nabla/tensor-core';
import { convOutSize } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { acquireBackend, download, expectClose, randomFloats, sizeOf, upload } from './gpu.js';

const backend = await acquireBackend();

/** Tolerance for float32 sums of a few dozen products of magnitude ≤ 4. */
const RTOL = 1e-5;
const ATOL = 1e-4;

/** Naive direct convolution; also returns the (output index, x index, w index) taps for the backprops. */
function convRef(x: ArrayLike<number>, xShape: number[], w: ArrayLike<number>, wShape: number[], p: Conv2dParams) {
  const [N, C, H, W] = xShape;
  const [O, , KH, KW] = wShape;
  const OH = convOutSize(H, KH, p.strides[0], p.pads[0], p.pads[1], p.dilations[0]);
  const OW = convOutSize(W, KW, p.strides[1], p.pads[2], p.pads[3], p.dilations[1]);
  const y = new Array<number>(N * O * OH * OW).fill(0);
  const taps: [number, number, number][] = [];
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const yi = ((n * O + o) * OH + oh) * OW + ow;
    for (let c = 0; c < C; c++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      const ih = oh * p.strides[0] - p.pads[0] + kh * p.dilations[0];
      const iw = ow * p.strides[1] - p.pads[2] + kw * p.dilations[1];
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      const xi = ((n * C + c) * H + ih) * W + iw;
      const wi = ((o * C + c) * KH + kh) * KW + kw;
      y[yi] += x[xi] * w[wi];
      taps.push([yi, xi, wi]);
    }
  }
  return { y, yShape: [N, O, OH, OW], taps };
}

const CONV_CASES: [number[], number[], Conv2dParams][] = [
  [[1, 1, 4, 4], [1, 1, 3, 3], { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] }],
  [[2, 3, 5, 6], [4, 3, 3, 2], { strides: [1, 1], pads: [1, 1, 0, 1], dilations: [1, 1] }],
  [[1, 2, 7, 7], [3, 2, 3, 3], { strides: [2, 3], pads: [1, 2, 2, 0], dilations: [1, 1] }],
  [[2, 2, 8, 7], [2, 2, 2, 3], { strides: [1, 2], pads: [0, 1, 1, 1], dilations: [2, 2] }],
  [[1, 1, 3, 3], [2, 1, 1, 1], { strides: [2, 2], pads: [0, 0, 0, 0], dilations: [1, 1] }],
  // Channel counts around the 4- and 8-channel groups of the direct kernels (1 and 3 use scalar lanes).
  [[2, 4, 6, 5], [4, 4, 3, 3], { strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1] }],
  [[2, 5, 6, 5], [6, 5, 3, 3], { strides: [2, 2], pads: [1, 0, 1, 2], dilations: [1, 1] }],
  [[1, 9, 5, 4], [7, 9, 2, 2], { strides: [1, 2], pads: [2, 1, 0, 1], dilations: [2, 1] }],
  [[3, 3, 7, 6], [5, 3, 3, 2], { strides: [3, 1], pads: [0, 2, 1, 1], dilations: [1, 2] }],
  // A kernel wider than the 8 taps of one filter-gradient workgroup.
  [[2, 2, 4, 13], [3, 2, 2, 10], { strides: [1, 1], pads: [0, 0, 1, 0], dilations: [1, 1] }],
  [[1, 8, 5, 5], [16, 8, 3, 3], { strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1] }],
  [[1, 11, 6, 4], [13, 11, 2, 3], { strides: [2, 1], pads: [0, 1, 1, 0], dilations: [1, 2] }],
  // More cells than one 64-thread workgroup, LeNet-like 5×5.
  [[3, 2, 12, 11], [9, 2, 5, 5], { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] }],
];

describe.skipIf(backend === null)('conv2d and its backprops', () => {
  const b = backend!;

  it.each(CONV_CASES.map((c, i) => [i, ...c] as const))('case %i: forward, dx and dw', async (_, xShape, wShape, p) => {
    const x = randomFloats(sizeOf(xShape), 1);
    const w = randomFloats(sizeOf(wShape), 2);
    const { y, yShape, taps } = convRef(x, xShape, w, wShape, p);
    const got = await download(b, b.conv2d(upload(b, x, xShape), upload(b, w, wShape), p));
    expectClose(got, y, RTOL, ATOL, 'conv2d');

    const dy = randomFloats(sizeOf(yShape), 3);
    const dx = new Array<number>(x.length).fill(0);
    const dw = new Array<number>(w.length).fill(0);
    for (const [yi, xi, wi] of taps) {
      dx[xi] += dy[yi] * w[wi];
      dw[wi] += dy[yi] * x[xi];
    }
    expectClose(await download(b, b.conv2dBackpropInput(upload(b, dy, yShape), upload(b, w, wShape), xShape, p)), dx, RTOL, ATOL, 'dx');
    expectClose(await download(b, b.conv2dBackpropFilter(upload(b, x, xShape), upload(b, dy, yShape), wShape, p)), dw, RTOL, ATOL, 'dw');
  });

  it('handles an empty batch', async () => {
    const p: Conv2dParams = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] };
    expect((await b.read(b.conv2d(upload(b, [], [0, 1, 3, 3]), upload(b, [1], [1, 1, 1, 1]), p))).length).toBe(0);
    expect(await download(b, b.conv2dBackpropFilter(upload(b, [], [0, 1, 3, 3]), upload(b, [], [0, 1, 3, 3]), [1, 1, 1, 1], p))).toEqual([0]);
  });
});

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
    expectClose(await download(b, b.maxPool2d(upload(b, x, xShape), p)), ref.max, 0, 0, 'maxPool2d');
    expectClose(await download(b, b.avgPool2d(upload(b, x, xShape), p)), ref.avg, RTOL, 1e-6, 'avgPool2d');

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
    expect(await download(b, b.maxPool2d(upload(b, x, [1, 1, 2, 2]), p))).toEqual([Number.NaN]);
    expect(await download(b, b.maxPool2dBackprop(upload(b, [5], [1, 1, 1, 1]), upload(b, x, [1, 1, 2, 2]), p))).toEqual([0, 5, 0, 0]);
  });
});
