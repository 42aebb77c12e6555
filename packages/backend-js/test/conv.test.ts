import { describe, expect, it } from 'vitest';
import type { Conv2dParams } from '@nabla/tensor-core';
import { backend, closeTo, make, numel, randoms, read, routines } from './helpers.js';

interface Case {
  x: [number, number, number, number];
  w: [number, number, number, number];
  p: Conv2dParams;
}

function outDims(c: Case): [number, number] {
  const [, , H, W] = c.x;
  const [, , KH, KW] = c.w;
  const { strides: [sh, sw], pads: [pt, pb, pl, pr], dilations: [dh, dw] } = c.p;
  return [
    Math.floor((H + pt + pb - ((KH - 1) * dh + 1)) / sh) + 1,
    Math.floor((W + pl + pr - ((KW - 1) * dw + 1)) / sw) + 1,
  ];
}

/**
 * Direct 7-loop convolution. Visits every (output, tap, input) triple once and reports it to
 * `visit(xIndex, wIndex, yIndex)`; forward and both gradients are built from it.
 */
function forEachTap(c: Case, visit: (xi: number, wi: number, yi: number) => void): void {
  const [N, C, H, W] = c.x;
  const [O, , KH, KW] = c.w;
  const [OH, OW] = outDims(c);
  const { strides: [sh, sw], pads: [pt, , pl], dilations: [dh, dw] } = c.p;
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const yi = ((n * O + o) * OH + oh) * OW + ow;
    for (let ch = 0; ch < C; ch++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      const ih = oh * sh - pt + kh * dh;
      const iw = ow * sw - pl + kw * dw;
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      visit(((n * C + ch) * H + ih) * W + iw, ((o * C + ch) * KH + kh) * KW + kw, yi);
    }
  }
}

const CASES: Record<string, Case> = {
  'plain 3x3': { x: [2, 3, 7, 6], w: [4, 3, 3, 3], p: { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] } },
  'stride 2, same-ish padding': { x: [2, 2, 9, 8], w: [3, 2, 3, 3], p: { strides: [2, 2], pads: [1, 1, 1, 1], dilations: [1, 1] } },
  'asymmetric pads and strides': { x: [1, 3, 8, 10], w: [5, 3, 2, 3], p: { strides: [3, 2], pads: [2, 0, 0, 3], dilations: [1, 1] } },
  'dilation 2x3': { x: [2, 2, 11, 12], w: [3, 2, 3, 2], p: { strides: [1, 2], pads: [1, 2, 3, 0], dilations: [2, 3] } },
  'pointwise 1x1': { x: [3, 4, 5, 5], w: [6, 4, 1, 1], p: { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] } },
  'LeNet 5x5 (blocked GEMM)': { x: [2, 6, 14, 14], w: [16, 6, 5, 5], p: { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] } },
  'kernel larger than padded-away edge': { x: [1, 1, 3, 3], w: [2, 1, 3, 3], p: { strides: [2, 2], pads: [2, 2, 2, 2], dilations: [1, 1] } },
};

describe('conv2d family against a direct loop', () => {
  for (const [name, c] of Object.entries(CASES)) {
    const [OH, OW] = outDims(c);
    const yShape = [c.x[0], c.w[0], OH, OW];
    const x = randoms(numel(c.x), 3).map(Math.fround);
    const w = randoms(numel(c.w), 5).map(Math.fround);
    const dy = randoms(numel(yShape), 7).map(Math.fround);

    it(`${name}: forward`, () => {
      const ref = new Array<number>(numel(yShape)).fill(0);
      forEachTap(c, (xi, wi, yi) => { ref[yi] += x[xi] * w[wi]; });
      closeTo(read(routines.conv2d(make(x, c.x), make(w, c.w), c.p)), ref, 1e-5);
    });

    it(`${name}: backprop input`, () => {
      const ref = new Array<number>(numel(c.x)).fill(0);
      forEachTap(c, (xi, wi, yi) => { ref[xi] += dy[yi] * w[wi]; });
      closeTo(read(backend.conv2dBackpropInput(make(dy, yShape), make(w, c.w), c.x, c.p)), ref, 1e-5);
    });

    it(`${name}: backprop filter`, () => {
      const ref = new Array<number>(numel(c.w)).fill(0);
      forEachTap(c, (xi, wi, yi) => { ref[wi] += dy[yi] * x[xi]; });
      closeTo(read(backend.conv2dBackpropFilter(make(x, c.x), make(dy, yShape), c.w, c.p)), ref, 1e-5);
    });
  }

  it('matches a hand-computed 2x2 valid convolution', () => {
    // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,0],[0,-1]] → y[i][j] = x[i][j] - x[i+1][j+1] = -4 everywhere
    const p: Conv2dParams = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] };
    const y = read(routines.conv2d(make([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]), make([1, 0, 0, -1], [1, 1, 2, 2]), p));
    expect(y).toEqual([-4, -4, -4, -4]);
  });

  it('works in float64', () => {
    const c = CASES['dilation 2x3'];
    const x = randoms(numel(c.x), 13);
    const w = randoms(numel(c.w), 17);
    const [OH, OW] = outDims(c);
    const ref = new Array<number>(c.x[0] * c.w[0] * OH * OW).fill(0);
    forEachTap(c, (xi, wi, yi) => { ref[yi] += x[xi] * w[wi]; });
    const out = backend.readSync(routines.conv2d(make(x, c.x, 'float64'), make(w, c.w, 'float64'), c.p));
    expect(out).toBeInstanceOf(Float64Array);
    closeTo(out, ref, 1e-12);
  });

  it('handles an empty batch', () => {
    const p: Conv2dParams = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] };
    expect(read(routines.conv2d(make([], [0, 2, 4, 4]), make(randoms(18, 1), [1, 2, 3, 3]), p))).toEqual([]);
    expect(read(backend.conv2dBackpropFilter(make([], [0, 2, 4, 4]), make([], [0, 1, 2, 2]), [1, 2, 3, 3], p)))
      .toEqual(new Array(18).fill(0));
  });
});
