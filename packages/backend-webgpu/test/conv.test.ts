// conv2d and its two backprops against a naive direct convolution.
import type { Conv2dParams } from '@nabla/tensor-core';
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
    const got = await download(b, b.conv2d(upload(b, x, xShape), upload(b, w, wShape), p, yShape));
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
    expect((await b.read(b.conv2d(upload(b, [], [0, 1, 3, 3]), upload(b, [1], [1, 1, 1, 1]), p, [0, 1, 3, 3]))).length).toBe(0);
    expect(await download(b, b.conv2dBackpropFilter(upload(b, [], [0, 1, 3, 3]), upload(b, [], [0, 1, 3, 3]), [1, 1, 1, 1], p))).toEqual([0]);
  });
});
