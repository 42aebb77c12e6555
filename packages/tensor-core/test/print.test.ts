/** Tensor values as text (formatValues) and the print settings, checked against hand-written PyTorch-style output. */
import { afterEach, describe, expect, it } from 'vitest';
import { formatValues } from '../src/print/format.js';
import { getPrintOptions, setPrintOptions } from '../src/print/options.js';
import { ArgumentError } from '../src/errors.js';

const INDENT = 'tensor('.length;
const f32 = (values: number[], shape: number[]): string => formatValues(Float32Array.from(values), shape, 'float32', getPrintOptions(), INDENT);
const i32 = (values: number[], shape: number[]): string => formatValues(Int32Array.from(values), shape, 'int32', getPrintOptions(), INDENT);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

afterEach(() => setPrintOptions('default'));

describe('formatValues', () => {
  it('writes integer-valued floats as "1." and aligns rows under the first bracket', () => {
    expect(f32([1, 2, 3, 4], [2, 2])).toBe('[[1., 2.],\n        [3., 4.]]');
  });

  it('writes other floats with 4 decimals, right-aligned to one width', () => {
    expect(f32([1.5, 2, 3, -4.25], [2, 2])).toBe('[[ 1.5000,  2.0000],\n        [ 3.0000, -4.2500]]');
  });

  it('switches to scientific notation when magnitudes span more than 1000×', () => {
    expect(f32([1e-5, 1, 1e5], [3])).toBe('[1.0000e-05, 1.0000e+00, 1.0000e+05]');
    expect(f32([2e9, 3e9], [2])).toBe('[2.0000e+09, 3.0000e+09]');
  });

  it('writes nan, inf and -inf', () => {
    expect(f32([NaN, Infinity, -1.5], [3])).toBe('[    nan,     inf, -1.5000]');
  });

  it('writes scalars bare, ints and bools plainly, and empty dimensions as []', () => {
    expect(f32([3.5], [])).toBe('3.5000');
    expect(i32([-7, 12], [2])).toBe('[-7, 12]');
    expect(formatValues(Uint8Array.from([1, 0]), [2], 'bool', getPrintOptions(), INDENT)).toBe('[ true, false]');
    expect(f32([], [0, 3])).toBe('[]');
    expect(f32([], [2, 0])).toBe('[[],\n        []]');
  });

  it('separates the matrices of a rank-3 tensor with a blank line', () => {
    expect(i32(range(12), [2, 2, 3])).toBe(
      '[[[ 0,  1,  2],\n' +
      '         [ 3,  4,  5]],\n' +
      '\n' +
      '        [[ 6,  7,  8],\n' +
      '         [ 9, 10, 11]]]',
    );
  });

  it('summarises beyond 1000 elements, keeping 3 items at each end of every dimension', () => {
    expect(i32(range(2000), [2000])).toBe('[   0,    1,    2, ..., 1997, 1998, 1999]');
    // 40 × 50: rows 0-2 and 37-39, columns 0-2 and 47-49; the width comes from the shown values only
    const text = i32(range(2000), [40, 50]);
    const rows = text.split('\n');
    expect(rows).toHaveLength(7);
    expect(rows[0]).toBe('[[   0,    1,    2, ...,   47,   48,   49],');
    expect(rows[3]).toBe('        ...,');
    expect(rows[6]).toBe('        [1950, 1951, 1952, ..., 1997, 1998, 1999]]');
  });

  it('wraps a long row at the line width, continuing under the first element', () => {
    const text = i32(range(40), [40]);
    // 80 columns minus the indent 7 and "[" leave room for 18 cells of width 2 plus ", "
    expect(text.split('\n')[0]).toBe(`[${range(18).map((i) => String(i).padStart(2)).join(', ')},`);
    expect(text.split('\n')[1]).toBe(`        ${range(18).map((i) => String(i + 18).padStart(2)).join(', ')},`);
    expect(text.split('\n')[2]).toBe('        36, 37, 38, 39]');
  });

  it('follows setPrintOptions: threshold, edgeItems, precision and lineWidth', () => {
    setPrintOptions({ threshold: 5, edgeItems: 1, precision: 2 });
    expect(f32([1.111, 2.222, 3.333, 4.444, 5.555, 6.666], [6])).toBe('[1.11, ..., 6.67]');
    expect(f32([1.111, 2.222], [2])).toBe('[1.11, 2.22]');
    setPrintOptions({ threshold: Infinity, lineWidth: 20 });
    expect(i32(range(6), [6])).toBe('[0, 1, 2, 3,\n        4, 5]');
  });
});

describe('setPrintOptions', () => {
  it('merges with the settings in force and restores the defaults', () => {
    expect(getPrintOptions()).toEqual({ threshold: 1000, edgeItems: 3, precision: 4, lineWidth: 80 });
    setPrintOptions({ precision: 2 });
    expect(setPrintOptions({ edgeItems: 2 })).toEqual({ threshold: 1000, edgeItems: 2, precision: 2, lineWidth: 80 });
    expect(setPrintOptions('default').precision).toBe(4);
  });

  it('rejects settings outside their domain with an ArgumentError naming setPrintOptions', () => {
    expect(() => setPrintOptions({ edgeItems: 0 })).toThrow(ArgumentError);
    expect(() => setPrintOptions({ precision: 1.5 })).toThrow(/setPrintOptions: precision must be an integer >= 0/);
    expect(() => setPrintOptions({ threshold: -1 })).toThrow(/threshold/);
    expect(() => setPrintOptions({ precision: 21 })).toThrow(/at most 20/);
    expect(getPrintOptions().edgeItems).toBe(3);
  });
});
