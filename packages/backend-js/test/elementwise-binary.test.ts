import { describe, expect, it } from 'vitest';
import { BINARY_OPS, type BinaryOp, type DType } from '@nabla/tensor-core';
import { backend, broadcastSource, closeTo, make, numel, randoms, read, readTyped, unravel, binaryK } from './helpers.js';

const pyMod = (a: number, b: number): number => a - Math.floor(a / b) * b;

/** Independent scalar definitions (float semantics). */
const REFERENCE: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b, pow: Math.pow,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b),
  mod: pyMod, floorDiv: (a, b) => Math.floor(a / b), atan2: Math.atan2,
  equal: (a, b) => +(a === b), notEqual: (a, b) => +(a !== b), less: (a, b) => +(a < b),
  lessEqual: (a, b) => +(a <= b), greater: (a, b) => +(a > b), greaterEqual: (a, b) => +(a >= b),
  logicalAnd: (a, b) => +(a !== 0 && b !== 0), logicalOr: (a, b) => +(a !== 0 || b !== 0),
  logicalXor: (a, b) => +((a !== 0) !== (b !== 0)),
};

/** Broadcast reference: evaluate `f` at every output index. */
function reference(f: (a: number, b: number) => number, a: number[], aShape: number[], b: number[], bShape: number[], outShape: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < numel(outShape); i++) {
    const idx = unravel(i, outShape);
    out.push(f(a[broadcastSource(idx, aShape)], b[broadcastSource(idx, bShape)]));
  }
  return out;
}

/** Shapes exercising every path: same shape, scalar either side, row broadcast either side, general. */
const SHAPES: [string, number[], number[], number[]][] = [
  ['same shape', [3, 4], [3, 4], [3, 4]],
  ['scalar right', [3, 4], [], [3, 4]],
  ['scalar left', [1, 1], [2, 5], [2, 5]],
  ['row right', [4, 2, 3], [3], [4, 2, 3]],
  ['row left', [1, 2, 3], [4, 2, 3], [4, 2, 3]],
  ['column (general)', [3, 1], [3, 4], [3, 4]],
  ['outer (general)', [3, 1, 2], [1, 4, 1], [3, 4, 2]],
  ['rank 4 mixed (general)', [2, 1, 3, 1], [1, 2, 1, 4], [2, 2, 3, 4]],
];

describe('binary', () => {
  for (const op of BINARY_OPS) {
    it(`${op} on float32 through every broadcast path`, () => {
      for (const [, aShape, bShape, outShape] of SHAPES) {
        const a = randoms(numel(aShape), 1 + numel(aShape), -3, 3).map((v) => Math.fround(Math.round(v * 2) / 2));
        const b = randoms(numel(bShape), 7 + numel(bShape), -3, 3).map((v) => Math.fround(Math.round(v * 2) / 2 || 0.5));
        const got = read(binaryK(backend, op, make(a, aShape), make(b, bShape), outShape));
        closeTo(got, reference(REFERENCE[op], a, aShape, b, bShape, outShape).map(Math.fround), 1e-6);
      }
    });
  }

  it('wraps int32 add, sub and mul around exactly', () => {
    const max = 2147483647;
    const min = -2147483648;
    const a = make([max, min, 123456789, -99999], [4], 'int32');
    const b = make([1, 1, 987654321, 77777], [4], 'int32');
    expect(read(binaryK(backend, 'add', a, b, [4]))).toEqual([min, min + 1, 1111111110, -22222]);
    expect(read(binaryK(backend, 'sub', a, b, [4]))).toEqual([max - 1, max, -864197532, -177776]);
    const expectedMul = [[max, 1], [min, 1], [123456789, 987654321], [-99999, 77777]].map(([x, y]) => Number(BigInt.asIntN(32, BigInt(x) * BigInt(y))));
    expect(read(binaryK(backend, 'mul', a, b, [4]))).toEqual(expectedMul);
  });

  it('int32 floorDiv and mod are floored, and give 0 for a zero divisor', () => {
    const a = [7, -7, 7, -7, 5, -2147483648, 0];
    const b = [2, 2, -2, -2, 0, -1, 3];
    const A = make(a, [7], 'int32');
    const B = make(b, [7], 'int32');
    expect(read(binaryK(backend, 'floorDiv', A, B, [7]))).toEqual([3, -4, -4, 3, 0, -2147483648, 0]);
    expect(read(binaryK(backend, 'mod', A, B, [7]))).toEqual([1, 1, -1, -1, 0, 0, 0]);
    expect(readTyped(binaryK(backend, 'mod', A, B, [7]))).toBeInstanceOf(Int32Array);
  });

  it('float mod takes the sign of the divisor and floorDiv floors', () => {
    const a = make([5.5, -5.5, 5.5, -5.5], [4], 'float64');
    const b = make([2, 2, -2, -2], [4], 'float64');
    expect(read(binaryK(backend, 'mod', a, b, [4]))).toEqual([1.5, 0.5, -0.5, -1.5]);
    expect(read(binaryK(backend, 'floorDiv', a, b, [4]))).toEqual([2, -3, -3, 2]);
  });

  it('follows the NaN rules: maximum/minimum propagate, comparisons are false, notEqual true', () => {
    const a = make([NaN, 1, NaN], [3]);
    const b = make([1, NaN, NaN], [3]);
    for (const op of ['maximum', 'minimum'] as const) expect(read(binaryK(backend, op, a, b, [3])).every(Number.isNaN)).toBe(true);
    expect(read(binaryK(backend, 'equal', a, b, [3]))).toEqual([0, 0, 0]);
    expect(read(binaryK(backend, 'less', a, b, [3]))).toEqual([0, 0, 0]);
    expect(read(binaryK(backend, 'notEqual', a, b, [3]))).toEqual([1, 1, 1]);
  });

  it('computes bool logic', () => {
    const a = make([0, 0, 1, 1], [4], 'bool');
    const b = make([0, 1, 0, 1], [4], 'bool');
    expect(read(binaryK(backend, 'logicalAnd', a, b, [4]))).toEqual([0, 0, 0, 1]);
    expect(read(binaryK(backend, 'logicalOr', a, b, [4]))).toEqual([0, 1, 1, 1]);
    expect(read(binaryK(backend, 'logicalXor', a, b, [4]))).toEqual([0, 1, 1, 0]);
    expect(readTyped(binaryK(backend, 'equal', a, b, [4]))).toBeInstanceOf(Uint8Array);
  });

  it('returns the operand dtype for arithmetic and bool for comparisons on every dtype', () => {
    const types: [DType, unknown][] = [['float32', Float32Array], ['float64', Float64Array], ['int32', Int32Array], ['bool', Uint8Array]];
    for (const [dtype, ctor] of types) {
      if (dtype !== 'bool') expect(readTyped(binaryK(backend, 'maximum', make([1, 0], [2], dtype), make([0, 1], [2], dtype), [2]))).toBeInstanceOf(ctor);
      expect(readTyped(binaryK(backend, 'greater', make([1, 0], [2], dtype), make([0, 1], [2], dtype), [2]))).toBeInstanceOf(Uint8Array);
    }
  });

  it('handles empty broadcasts', () => {
    expect(read(binaryK(backend, 'add', make([], [0, 3]), make([1, 2, 3], [3]), [0, 3]))).toEqual([]);
  });
});
