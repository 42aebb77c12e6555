import type { Pool2dParams } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { withBackends } from './support/backends.js';
import { expectClose } from './support/close.js';
import { integers, uniform } from './support/random.js';

interface Case { shape: [number, number, number, number]; p: Pool2dParams }

function outSize(c: Case): [number, number] {
  const [, , h, w] = c.shape;
  return [
    Math.floor((h + c.p.pads[0] + c.p.pads[1] - c.p.kernel[0]) / c.p.strides[0]) + 1,
    Math.floor((w + c.p.pads[2] + c.p.pads[3] - c.p.kernel[1]) / c.p.strides[1]) + 1,
  ];
}

/** Visit each output with the flat indices of its valid input cells (row-major order) and its divisor. */
function forEachWindow(c: Case, visit: (outAt: number, cells: number[], divisor: number) => void): void {
  const [n, ch, h, w] = c.shape;
  const [oh, ow] = outSize(c);
  for (let plane = 0; plane < n * ch; plane++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        const cells: number[] = [];
        for (let i = 0; i < c.p.kernel[0]; i++)
          for (let j = 0; j < c.p.kernel[1]; j++) {
            const iy = y * c.p.strides[0] - c.p.pads[0] + i;
            const ix = x * c.p.strides[1] - c.p.pads[2] + j;
            if (iy >= 0 && iy < h && ix >= 0 && ix < w) cells.push((plane * h + iy) * w + ix);
          }
        const divisor = c.p.countIncludePad ? c.p.kernel[0] * c.p.kernel[1] : cells.length;
        visit((plane * oh + y) * ow + x, cells, divisor);
      }
}

const CASES: Case[] = [
  { shape: [1, 1, 4, 4], p: { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false } },
  { shape: [2, 3, 9, 20], p: { kernel: [3, 3], strides: [1, 1], pads: [0, 0, 0, 0], countIncludePad: false } },
  { shape: [2, 2, 10, 33], p: { kernel: [2, 3], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false } },
  { shape: [1, 3, 7, 8], p: { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: false } },
  { shape: [1, 3, 7, 8], p: { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true } },
  { shape: [2, 2, 11, 10], p: { kernel: [4, 2], strides: [3, 3], pads: [2, 1, 0, 1], countIncludePad: false } },
  { shape: [4, 16, 32, 32], p: { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false } },
];

withBackends((get) => {
  for (const c of CASES) {
    const label = `[${c.shape}] k${c.p.kernel} s${c.p.strides} p${c.p.pads} includePad=${c.p.countIncludePad}`;
    const size = c.shape.reduce((a, b) => a * b, 1);
    const [oh, ow] = outSize(c);
    const outCount = c.shape[0] * c.shape[1] * oh * ow;
    describe(label, () => {
      for (const dtype of ['float32', 'float64', 'int32'] as const) {
        // Integer-valued inputs with few distinct values create ties, which must go to the first cell.
        const xv = dtype === 'int32' ? integers(size, 5, -3, 3) : integers(size, 5, -3, 3).map((v, i) => (i % 3 === 0 ? v : uniform(1, i)[0]));
        const dyv = uniform(outCount, 6).map(Math.fround);
        it(`${dtype} maxPool2d and its gradient`, () => {
          const { t, read, backend, routines } = get();
          const fwd = new Array<number>(outCount);
          const grad = new Array<number>(size).fill(0);
          forEachWindow(c, (o, cells) => {
            let best = cells[0];
            for (const k of cells) if (xv[k] > xv[best]) best = k;
            fwd[o] = xv[best];
            grad[best] += dtype === 'int32' ? Math.trunc(dyv[o] * 10) : dyv[o];
          });
          const cast = dtype === 'float32' ? Math.fround : (v: number) => v;
          expectClose(read(routines.maxPool2d(t(xv, c.shape, dtype), c.p)), fwd.map(cast));
          const dy = dtype === 'int32' ? dyv.map((v) => Math.trunc(v * 10)) : dyv;
          expectClose(read(backend.maxPool2dBackprop(t(dy, [c.shape[0], c.shape[1], oh, ow], dtype), t(xv, c.shape, dtype), c.p)), grad, 1e-5, 1e-6);
        });
        if (dtype === 'int32') continue;
        it(`${dtype} avgPool2d and its gradient`, () => {
          const { t, read, backend, routines } = get();
          const fwd = new Array<number>(outCount);
          const grad = new Array<number>(size).fill(0);
          forEachWindow(c, (o, cells, divisor) => {
            fwd[o] = cells.reduce((s, k) => s + xv[k], 0) / divisor;
            for (const k of cells) grad[k] += dyv[o] / divisor;
          });
          expectClose(read(routines.avgPool2d(t(xv, c.shape, dtype), c.p)), fwd, 1e-5, 1e-6);
          expectClose(read(backend.avgPool2dBackprop(t(dyv, [c.shape[0], c.shape[1], oh, ow], dtype), c.shape, c.p)), grad, 1e-5, 1e-6);
        });
      }
    });
  }
  it('maxPool2d propagates NaN; padded cells never win', () => {
    const { t, read, routines } = get();
    const p: Pool2dParams = { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false };
    const x = t([1, Number.NaN, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [1, 1, 4, 4]);
    expectClose(read(routines.maxPool2d(x, p)), [NaN, 7, 13, 15]);
    const padded: Pool2dParams = { kernel: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], countIncludePad: false };
    expect(read(routines.maxPool2d(t([-5, -6, -7, -8], [1, 1, 2, 2]), padded))).toEqual([-5, -5, -5, -5]);
  });
});
