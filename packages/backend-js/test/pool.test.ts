import { describe, expect, it } from 'vitest';
import type { Pool2dParams } from '@nabla/tensor-core';
import { backend, closeTo, make, numel, randoms, read, routines } from './helpers.js';

function outDims(xShape: number[], p: Pool2dParams): [number, number] {
  return [
    Math.floor((xShape[2] + p.pads[0] + p.pads[1] - p.kernel[0]) / p.strides[0]) + 1,
    Math.floor((xShape[3] + p.pads[2] + p.pads[3] - p.kernel[1]) / p.strides[1]) + 1,
  ];
}

/** For each output cell, the flat input indices of its in-bounds window cells in row-major order. */
function windows(xShape: number[], p: Pool2dParams): number[][] {
  const [N, C, H, W] = xShape;
  const [OH, OW] = outDims(xShape, p);
  const result: number[][] = [];
  for (let nc = 0; nc < N * C; nc++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const cells: number[] = [];
    for (let kh = 0; kh < p.kernel[0]; kh++) for (let kw = 0; kw < p.kernel[1]; kw++) {
      const ih = oh * p.strides[0] - p.pads[0] + kh;
      const iw = ow * p.strides[1] - p.pads[2] + kw;
      if (ih >= 0 && ih < H && iw >= 0 && iw < W) cells.push((nc * H + ih) * W + iw);
    }
    result.push(cells);
  }
  return result;
}

const CASES: Record<string, { x: number[]; p: Pool2dParams }> = {
  '2x2 stride 2': { x: [2, 3, 6, 6], p: { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false } },
  '3x3 stride 1 padded': { x: [1, 2, 5, 7], p: { kernel: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], countIncludePad: false } },
  '3x2 asymmetric, count pad': { x: [2, 1, 7, 6], p: { kernel: [3, 2], strides: [2, 1], pads: [2, 0, 0, 1], countIncludePad: true } },
  'overlapping stride 1x2': { x: [1, 2, 5, 9], p: { kernel: [2, 3], strides: [1, 2], pads: [0, 1, 1, 0], countIncludePad: false } },
};

describe('pooling against window loops', () => {
  for (const [name, c] of Object.entries(CASES)) {
    const [OH, OW] = outDims(c.x, c.p);
    const yShape = [c.x[0], c.x[1], OH, OW];
    // few distinct values so ties happen and the first-max rule is exercised
    const x = randoms(numel(c.x), 21).map((v) => Math.round(v * 3));
    const dy = randoms(numel(yShape), 23).map(Math.fround);
    const wins = windows(c.x, c.p);
    const area = c.p.kernel[0] * c.p.kernel[1];

    it(`${name}: max forward and backward (first max wins)`, () => {
      const firstMax = wins.map((cells) => cells.reduce((best, i) => (x[i] > x[best] ? i : best), cells[0]));
      expect(read(routines.maxPool2d(make(x, c.x), c.p))).toEqual(firstMax.map((i) => x[i]));
      const dx = new Array<number>(numel(c.x)).fill(0);
      firstMax.forEach((i, o) => { dx[i] += dy[o]; });
      closeTo(read(backend.maxPool2dBackprop(make(dy, yShape), make(x, c.x), c.p)), dx, 1e-6);
    });

    it(`${name}: avg forward and backward`, () => {
      const divisor = (cells: number[]): number => (c.p.countIncludePad ? area : cells.length);
      const ref = wins.map((cells) => cells.reduce((s, i) => s + x[i], 0) / divisor(cells));
      closeTo(read(routines.avgPool2d(make(x, c.x), c.p)), ref, 1e-6);
      const dx = new Array<number>(numel(c.x)).fill(0);
      wins.forEach((cells, o) => { for (const i of cells) dx[i] += dy[o] / divisor(cells); });
      closeTo(read(backend.avgPool2dBackprop(make(dy, yShape), c.x, c.p)), dx, 1e-6);
    });
  }

  it('max pooling propagates NaN and padding never wins', () => {
    const p: Pool2dParams = { kernel: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: false };
    // all values negative: a zero from the padding must not win
    const y = read(routines.maxPool2d(make([-5, -2, NaN, -1], [1, 1, 2, 2]), p));
    expect(y[0]).toBe(-5);
    expect(y[1]).toBe(-2);
    expect(y[2]).toBeNaN();
    expect(y[3]).toBe(-1);
    const dx = read(backend.maxPool2dBackprop(make([1, 2, 3, 4], [1, 1, 2, 2]), make([-5, -2, NaN, -1], [1, 1, 2, 2]), p));
    expect(dx).toEqual([1, 2, 3, 4]);
  });

  it('routes a tie to the first element of the window', () => {
    const p: Pool2dParams = { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false };
    expect(read(backend.maxPool2dBackprop(make([5], [1, 1, 1, 1]), make([7, 7, 7, 7], [1, 1, 2, 2]), p))).toEqual([5, 0, 0, 0]);
  });

  it('averages a hand-computed padded window with and without the padding count', () => {
    const x = make([1, 2, 3, 4], [1, 1, 2, 2]);
    const base = { kernel: [2, 2] as const, strides: [1, 1] as const, pads: [1, 0, 1, 0] as const };
    // windows: {1}, {1,2}, {1,3}, {1,2,3,4}
    expect(read(routines.avgPool2d(x, { ...base, countIncludePad: false }))).toEqual([1, 1.5, 2, 2.5]);
    expect(read(routines.avgPool2d(x, { ...base, countIncludePad: true }))).toEqual([0.25, 0.75, 1, 2.5]);
  });

  it('handles empty inputs', () => {
    const p: Pool2dParams = { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false };
    expect(read(routines.maxPool2d(make([], [0, 3, 4, 4]), p))).toEqual([]);
    expect(read(backend.avgPool2dBackprop(make([], [0, 3, 2, 2]), [0, 3, 4, 4], p))).toEqual([]);
  });
});
