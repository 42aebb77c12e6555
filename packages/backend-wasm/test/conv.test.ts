import type { Conv2dParams } from '@nabla/tensor-core';
import { describe, it } from 'vitest';
import { withBackends } from './support/backends.js';
import { expectClose } from './support/close.js';
import { uniform } from './support/random.js';

interface Geometry {
  n: number; c: number; h: number; w: number; o: number; kh: number; kw: number;
  p: Conv2dParams;
}

function outSize(g: Geometry): [number, number] {
  const oh = Math.floor((g.h + g.p.pads[0] + g.p.pads[1] - ((g.kh - 1) * g.p.dilations[0] + 1)) / g.p.strides[0]) + 1;
  const ow = Math.floor((g.w + g.p.pads[2] + g.p.pads[3] - ((g.kw - 1) * g.p.dilations[1] + 1)) / g.p.strides[1]) + 1;
  return [oh, ow];
}

/** Visit every (n, o, y, x, c, i, j) whose input tap is inside the image. */
function forEachTap(g: Geometry, visit: (xAt: number, wAt: number, yAt: number) => void): void {
  const [oh, ow] = outSize(g);
  for (let n = 0; n < g.n; n++)
    for (let o = 0; o < g.o; o++)
      for (let y = 0; y < oh; y++)
        for (let x = 0; x < ow; x++)
          for (let c = 0; c < g.c; c++)
            for (let i = 0; i < g.kh; i++)
              for (let j = 0; j < g.kw; j++) {
                const iy = y * g.p.strides[0] - g.p.pads[0] + i * g.p.dilations[0];
                const ix = x * g.p.strides[1] - g.p.pads[2] + j * g.p.dilations[1];
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                visit(((n * g.c + c) * g.h + iy) * g.w + ix, ((o * g.c + c) * g.kh + i) * g.kw + j, ((n * g.o + o) * oh + y) * ow + x);
              }
}

const GEOMETRIES: Geometry[] = [
  { n: 1, c: 1, h: 5, w: 5, o: 1, kh: 3, kw: 3, p: { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] } },
  { n: 2, c: 3, h: 7, w: 6, o: 4, kh: 3, kw: 2, p: { strides: [2, 1], pads: [1, 2, 0, 1], dilations: [1, 1] } },
  { n: 3, c: 2, h: 9, w: 9, o: 5, kh: 3, kw: 3, p: { strides: [1, 2], pads: [2, 2, 2, 2], dilations: [2, 2] } },
  { n: 4, c: 6, h: 4, w: 5, o: 7, kh: 1, kw: 1, p: { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] } },
  { n: 1, c: 16, h: 20, w: 20, o: 24, kh: 3, kw: 3, p: { strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1] } },
  { n: 5, c: 8, h: 12, w: 12, o: 16, kh: 5, kw: 5, p: { strides: [1, 1], pads: [2, 2, 2, 2], dilations: [1, 1] } },
  { n: 2, c: 2, h: 5, w: 4, o: 3, kh: 3, kw: 5, p: { strides: [1, 1], pads: [1, 1, 3, 3], dilations: [2, 1] } },
  { n: 3, c: 3, h: 6, w: 7, o: 2, kh: 2, kw: 3, p: { strides: [2, 1], pads: [0, 1, 2, 2], dilations: [1, 2] } },
];

withBackends((get) => {
  for (const g of GEOMETRIES) {
    const [oh, ow] = outSize(g);
    const label = `N${g.n} C${g.c} ${g.h}x${g.w} O${g.o} k${g.kh}x${g.kw} s${g.p.strides} p${g.p.pads} d${g.p.dilations}`;
    const xv = uniform(g.n * g.c * g.h * g.w, 1).map(Math.fround);
    const wv = uniform(g.o * g.c * g.kh * g.kw, 2).map(Math.fround);
    const dyv = uniform(g.n * g.o * oh * ow, 3).map(Math.fround);
    const xShape = [g.n, g.c, g.h, g.w];
    const wShape = [g.o, g.c, g.kh, g.kw];
    const yShape = [g.n, g.o, oh, ow];
    describe(label, () => {
      it('conv2d forward', () => {
        const { t, read, routines } = get();
        const expected = new Array<number>(g.n * g.o * oh * ow).fill(0);
        forEachTap(g, (xi, wi, yi) => (expected[yi] += xv[xi] * wv[wi]));
        expectClose(read(routines.conv2d(t(xv, xShape), t(wv, wShape), g.p)), expected, 1e-4, 1e-5);
        expectClose(read(routines.conv2d(t(xv, xShape, 'float64'), t(wv, wShape, 'float64'), g.p)), expected, 1e-12, 1e-12);
      });
      it('conv2dBackpropInput', () => {
        const { t, read, backend } = get();
        const expected = new Array<number>(xv.length).fill(0);
        forEachTap(g, (xi, wi, yi) => (expected[xi] += dyv[yi] * wv[wi]));
        expectClose(read(backend.conv2dBackpropInput(t(dyv, yShape), t(wv, wShape), xShape, g.p)), expected, 1e-4, 1e-5);
        expectClose(read(backend.conv2dBackpropInput(t(dyv, yShape, 'float64'), t(wv, wShape, 'float64'), xShape, g.p)), expected, 1e-12, 1e-12);
      });
      it('conv2dBackpropFilter', () => {
        const { t, read, backend } = get();
        const expected = new Array<number>(wv.length).fill(0);
        forEachTap(g, (xi, wi, yi) => (expected[wi] += dyv[yi] * xv[xi]));
        expectClose(read(backend.conv2dBackpropFilter(t(xv, xShape), t(dyv, yShape), wShape, g.p)), expected, 1e-4, 1e-5);
        expectClose(read(backend.conv2dBackpropFilter(t(xv, xShape, 'float64'), t(dyv, yShape, 'float64'), wShape, g.p)), expected, 1e-12, 1e-12);
      });
    });
  }
  it('an empty batch gives an empty output and a zero filter gradient', () => {
    const { t, read, backend, routines } = get();
    const p: Conv2dParams = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] };
    expectClose(read(routines.conv2d(t([], [0, 2, 3, 3]), t(uniform(8, 1), [1, 2, 2, 2]), p)), []);
    expectClose(read(backend.conv2dBackpropFilter(t([], [0, 2, 3, 3]), t([], [0, 1, 2, 2]), [1, 2, 2, 2], p)), new Array<number>(8).fill(0));
  });
});
