import { describe, expect, it } from 'vitest';
import { broadcastStrides, coalesce, coalesceInPlace, convGeometry, convOutSize, poolGeometry, sizeBetween, windowRange } from '../src/kernel-kit/index.js';

/** coalesce() of inputs broadcast to `outShape` (what elementwise kernels walk). */
const collapse = (inShapes: number[][], outShape: number[]): ReturnType<typeof coalesce> =>
  coalesce(outShape, inShapes.map((s) => broadcastStrides(s, outShape)));

describe('kernel kit', () => {
  it('broadcastStrides right-aligns and zeroes broadcast axes', () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([], [2, 2])).toEqual([0, 0]);
    expect(broadcastStrides([2, 3], [2, 3])).toEqual([3, 1]);
  });
  it('coalesce merges axes every input walks as one run and drops size-1 axes', () => {
    expect(collapse([[64, 8, 24, 24], [1, 8, 1, 1]], [64, 8, 24, 24])).toEqual({ dims: [64, 8, 576], strides: [[4608, 576, 1], [0, 1, 0]] });
    expect(collapse([[2, 3, 4], []], [2, 3, 4])).toEqual({ dims: [24], strides: [[1], [0]] });
    expect(collapse([[3, 1], [1, 5]], [3, 5])).toEqual({ dims: [3, 5], strides: [[1, 0], [0, 1]] });
    expect(collapse([[1, 1], [1]], [1, 1])).toEqual({ dims: [1], strides: [[0], [0]] });
    expect(collapse([[2, 1, 3], [2, 4, 3]], [2, 4, 3])).toEqual({ dims: [2, 4, 3], strides: [[3, 0, 1], [12, 3, 1]] });
  });
  it("coalesceInPlace gives coalesce's result in caller-owned arrays, reusing them across calls", () => {
    const dims: number[] = [];
    const strides: number[] = [];
    const cases: [number[], number[][]][] = [
      [[64, 8, 24, 24], [[4608, 576, 24, 1], [0, 1, 0, 0]]],
      [[2, 3, 4], [[12, 4, 1], [0, 0, 0]]],
      [[3, 5], [[1, 0], [0, 1]]],
      [[1, 1], [[0, 0], [0, 0]]],
      [[2, 4, 3], [[3, 0, 1], [12, 3, 1], [0, 1, 0]]],
      [[4, 1, 6], [[6, 6, 1], [1, 0, 4]]],
    ];
    for (const [shape, perOperand] of cases) {
      strides.length = 0;
      for (let d = 0; d < shape.length; d++) for (const s of perOperand) strides.push(s[d]);
      const rank = coalesceInPlace(shape, perOperand.length, strides, dims);
      const expected = coalesce(shape, perOperand);
      expect(dims.slice(0, rank)).toEqual(expected.dims);
      expect(perOperand.map((_, k) => expected.dims.map((_, d) => strides[d * perOperand.length + k]))).toEqual(expected.strides);
    }
    expect(coalesce([4, 1, 6], [[6, 6, 1], [1, 0, 4]])).toEqual({ dims: [4, 6], strides: [[6, 1], [1, 4]] });
  });
  it('sizeBetween multiplies a run of dims', () => {
    expect(sizeBetween([2, 3, 4], 0, 2)).toBe(6);
    expect(sizeBetween([2, 3, 4], 1, 1)).toBe(1);
  });
  it('window geometry of a strided, padded, dilated convolution and of pooling, output sizes as given', () => {
    // effective kernel 5 high: (10 + 2 - 5) / 2 + 1 = 4; width (9 + 2 - 2) / 1 + 1 = 10
    const conv = { strides: [2, 1], pads: [1, 1, 0, 2], dilations: [2, 1] } as const;
    expect([convOutSize(10, 3, 2, 1, 1, 2), convOutSize(9, 2, 1, 0, 2, 1)]).toEqual([4, 10]);
    const g = convGeometry([2, 3, 10, 9], [4, 3, 3, 2], conv, [2, 4, 4, 10]);
    expect([g.batch, g.channels, g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth]).toEqual([2, 3, 10, 9, 4, 3, 2]);
    expect([g.outHeight, g.outWidth, g.strideH, g.strideW, g.padTop, g.padLeft, g.dilationH, g.dilationW]).toEqual([4, 10, 2, 1, 1, 0, 2, 1]);
    const p = poolGeometry([1, 5, 6, 6], { kernel: [2, 3], strides: [2, 3], pads: [0, 0, 0, 0], countIncludePad: false }, [1, 5, 3, 2]);
    expect([p.outChannels, p.kernelHeight, p.kernelWidth, p.outHeight, p.outWidth, p.strideW, p.dilationW]).toEqual([5, 2, 3, 3, 2, 3, 1]);
    expect(windowRange(-1, 3, 4)).toEqual([0, 2]);
  });
});
