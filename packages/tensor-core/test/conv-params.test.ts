import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ArgumentError, conv2dParams, convOutSize } from '../src/index.js';

describe('conv2dParams', () => {
  it('defaults to stride 1, no padding, dilation 1', () => {
    expect(conv2dParams('conv2d', [1, 1, 5, 5], [1, 1, 3, 3], {})).toEqual({ strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] });
  });
  it('expands numbers, [h, w] pairs and explicit 4-tuples', () => {
    expect(conv2dParams('conv2d', [1, 1, 5, 5], [1, 1, 3, 3], { stride: 2, padding: 1, dilation: [1, 2] }))
      .toEqual({ strides: [2, 2], pads: [1, 1, 1, 1], dilations: [1, 2] });
    expect(conv2dParams('conv2d', [1, 1, 5, 5], [1, 1, 3, 3], { padding: [2, 1] }).pads).toEqual([2, 2, 1, 1]);
    expect(conv2dParams('conv2d', [1, 1, 5, 5], [1, 1, 3, 3], { padding: [1, 2, 3, 4] }).pads).toEqual([1, 2, 3, 4]);
    expect(conv2dParams('conv2d', [1, 1, 5, 5], [1, 1, 3, 3], { padding: 'valid' }).pads).toEqual([0, 0, 0, 0]);
  });
  it('"same" puts the extra pad after (TensorFlow split)', () => {
    expect(conv2dParams('conv2d', [1, 1, 5, 6], [1, 1, 4, 4], { padding: 'same' }).pads).toEqual([1, 2, 1, 2]);
    expect(conv2dParams('conv2d', [1, 1, 7, 7], [1, 1, 3, 3], { padding: 'same', stride: 2 }).pads).toEqual([1, 1, 1, 1]);
  });
  it('"same" gives ceil(input / stride) outputs for any geometry (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }),
      (size, kernel, stride, dilation) => {
        const p = conv2dParams('conv2d', [1, 1, size, size], [1, 1, kernel, kernel], { padding: 'same', stride, dilation });
        const out = convOutSize(size, kernel, stride, p.pads[0], p.pads[1], dilation);
        expect(out).toBe(Math.ceil(size / stride));
        expect(p.pads[1] - p.pads[0]).toBeGreaterThanOrEqual(0);
        expect(p.pads[1] - p.pads[0]).toBeLessThanOrEqual(1);
      },
    ), { numRuns: 300 });
  });
  it('rejects non-positive strides/dilations and negative padding with ArgumentError', () => {
    expect(() => conv2dParams('conv2d', [1, 1, 5, 5], [1, 1, 3, 3], { stride: 0 })).toThrow(ArgumentError);
    expect(() => conv2dParams('conv2d', [1, 1, 5, 5], [1, 1, 3, 3], { dilation: [1, 1.5] })).toThrow('conv2d: dilation must be positive integers');
    expect(() => conv2dParams('conv2d', [1, 1, 5, 5], [1, 1, 3, 3], { padding: -1 })).toThrow('conv2d: padding must be non-negative integers');
  });
});
