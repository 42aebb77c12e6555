import { BINARY_OPS, UNARY_OPS, binaryAccepts, type BinaryOp, type DType, type UnaryOp } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { acquireBackend, download, expectClose, randomFloats, randomInts, sizeOf, stridesOf, upload, unaryK, binaryK, whereK, clipK, castK } from './gpu.js';
import { BINARY_REFERENCE, INT32_REFERENCE, UNARY_REFERENCE } from '@nabla/backend-conformance/reference';

const backend = await acquireBackend();

/** int32 reference of every binary op taking int32: the suite's wrapping int32 arithmetic. */
const INT_BINARY_REFERENCE: Readonly<Record<BinaryOp, (a: number, b: number) => number>> = {
  ...BINARY_REFERENCE,
  ...INT32_REFERENCE,
};

/**
 * f32 tolerances against float64 references. Exact ops (arithmetic, rounding, comparisons) must
 * match to float32 rounding; transcendental ones get the documented relative/absolute slack.
 */
const TRANSCENDENTAL_RTOL = 2e-5;
const TRANSCENDENTAL_ATOL = 2e-6;

const SPECIALS = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3, 1e-7, -1e-7, 20, -20, 100, -100, Number.NaN, Infinity, -Infinity];

/** Inputs in a sensible domain for each op plus the specials. */
function unaryInputs(op: UnaryOp): Float32Array {
  const range: Partial<Record<UnaryOp, [number, number]>> = {
    asin: [-1.2, 1.2], acos: [-1.2, 1.2], atanh: [-1.2, 1.2], acosh: [0.5, 6], log: [-0.5, 8], log1p: [-1.5, 8],
    sqrt: [-1, 9], rsqrt: [-1, 9], tan: [-1.4, 1.4], erf: [-4.5, 4.5], exp: [-20, 20], expm1: [-3, 3],
  };
  const [lo, hi] = range[op] ?? [-5, 5];
  // Subnormal and huge arguments where the result stays representable.
  const extremes = op === 'log' || op === 'sqrt' || op === 'log1p' ? [1e-38, 1e-40, 3e38] : op === 'expm1' || op === 'exp' ? [88, -87] : [];
  return Float32Array.from([...randomFloats(200, op.length * 7919, lo, hi), ...SPECIALS, ...extremes]);
}

/** Expected output of a float unary op, rounded through float32 (the stored result type). */
function expectedUnary(op: UnaryOp, xs: Float32Array): number[] {
  return Array.from(xs, (x) => Math.fround(UNARY_REFERENCE[op](x)));
}

describe.skipIf(backend === null)('unary', () => {
  const b = backend!;

  it.each(UNARY_OPS.map((op) => [op]))('float32 %s matches the float64 reference', async (op) => {
    const xs = unaryInputs(op);
    const x = upload(b, xs, [xs.length]);
    const out = await b.read(unaryK(b, op, x));
    const expected = expectedUnary(op, xs);
    const exact = ['neg', 'abs', 'sign', 'square', 'floor', 'ceil', 'round', 'trunc', 'relu', 'step', 'logicalNot', 'isNaN', 'isFinite'].includes(op);
    expectClose(out, expected, exact ? 0 : TRANSCENDENTAL_RTOL, exact ? 0 : TRANSCENDENTAL_ATOL, op);
  });

  it('returns bool for logicalNot / isNaN / isFinite and keeps the dtype otherwise', async () => {
    const x = upload(b, [0, Number.NaN, Infinity, 2], [4]);
    expect(await b.read(unaryK(b, 'isNaN', x))).toBeInstanceOf(Uint8Array);
    expect(await download(b, unaryK(b, 'logicalNot', x))).toEqual([1, 0, 0, 0]);
    expect(await download(b, unaryK(b, 'isFinite', x))).toEqual([1, 0, 0, 1]);
    expect(await b.read(unaryK(b, 'neg', x))).toBeInstanceOf(Float32Array);
  });

  it('computes integer ops natively on int32, with wrap-around', async () => {
    const values = [-7, -1, 0, 1, 5, 2147483647, -2147483648];
    const x = upload(b, values, [values.length], 'int32');
    const expectOp = async (op: UnaryOp, ref: (v: number) => number): Promise<void> => {
      const out = await b.read(unaryK(b, op, x));
      expect(out, op).toBeInstanceOf(op === 'logicalNot' || op === 'isNaN' || op === 'isFinite' ? Uint8Array : Int32Array);
      expect(Array.from(out), op).toEqual(values.map(ref));
    };
    await expectOp('neg', (v) => -v | 0);
    await expectOp('abs', (v) => Math.abs(v) | 0);
    await expectOp('sign', (v) => Math.sign(v));
    await expectOp('square', (v) => Math.imul(v, v));
    await expectOp('relu', (v) => Math.max(v, 0));
    await expectOp('step', (v) => (v >= 0 ? 1 : 0));
    await expectOp('round', (v) => v);
    await expectOp('logicalNot', (v) => (v === 0 ? 1 : 0));
    await expectOp('isNaN', () => 0);
    await expectOp('isFinite', () => 1);
  });

  it('handles bool inputs and empty tensors', async () => {
    const x = upload(b, [1, 0, 1], [3], 'bool');
    expect(await download(b, unaryK(b, 'logicalNot', x))).toEqual([0, 1, 0]);
    const empty = upload(b, [], [0, 3]);
    expect((await b.read(unaryK(b, 'exp', empty))).length).toBe(0);
  });
});

/** Naive broadcasting reference: out[i] = f(a[ia], b[ib]). */
function broadcastRef(f: (a: number, b: number) => number, a: ArrayLike<number>, aShape: number[], bv: ArrayLike<number>, bShape: number[], outShape: number[]): number[] {
  const out: number[] = [];
  const rank = outShape.length;
  const align = (shape: number[]): number[] => [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const as = align(aShape);
  const bs = align(bShape);
  const aStr = stridesOf(as);
  const bStr = stridesOf(bs);
  const oStr = stridesOf(outShape);
  for (let i = 0; i < sizeOf(outShape); i++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      const c = Math.floor(i / oStr[d]) % outShape[d];
      ia += (as[d] === 1 ? 0 : c) * aStr[d];
      ib += (bs[d] === 1 ? 0 : c) * bStr[d];
    }
    out.push(f(a[ia], bv[ib]));
  }
  return out;
}

const CASES: [number[], number[], number[]][] = [
  [[2, 3, 4], [2, 3, 4], [2, 3, 4]],
  [[2, 3, 4], [3, 1], [2, 3, 4]],
  [[1, 3, 1], [2, 1, 5], [2, 3, 5]],
  [[5], [], [5]],
  [[], [4, 2], [4, 2]],
  [[0, 3], [3], [0, 3]],
];

describe.skipIf(backend === null)('binary', () => {
  const b = backend!;

  it.each(BINARY_OPS.map((op) => [op]))('float32 %s with broadcasting', async (op: BinaryOp) => {
    for (const [aShape, bShape, outShape] of CASES) {
      const av = randomFloats(sizeOf(aShape), 11 + aShape.length, -3, 3);
      const bv = randomFloats(sizeOf(bShape), 23 + bShape.length, -3, 3);
      // Make some pairs equal and some operands zero so comparisons and logical ops see both outcomes.
      if (av.length > 2 && bv.length > 2) {
        av[0] = bv[0];
        bv[1] = 0;
      }
      const out = await b.read(binaryK(b, op, upload(b, av, aShape), upload(b, bv, bShape), outShape));
      const expected = broadcastRef(BINARY_REFERENCE[op], av, aShape, bv, bShape, outShape).map(Math.fround);
      const tight = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'floorDiv'].includes(op) || expected.every((v) => v === 0 || v === 1);
      expectClose(out, expected, tight ? 1e-7 : 2e-5, tight ? 0 : 2e-6, `${op} ${aShape}x${bShape}`);
    }
  });

  it('follows the documented float special cases', async () => {
    const a = [Number.NaN, 1, 2, -8, 0, -0, 5, -5, 5, Infinity, 1, 2];
    const c = [1, Number.NaN, 0, 1 / 3, -1, 3, 0, 3, -3, 2, Infinity, -Infinity];
    const shape = [a.length];
    const run = async (op: BinaryOp): Promise<number[]> => download(b, binaryK(b, op, upload(b, a, shape), upload(b, c, shape), shape));
    const ref = (op: BinaryOp): number[] => a.map((v, i) => Math.fround(BINARY_REFERENCE[op](Math.fround(v), Math.fround(c[i]))));
    for (const op of ['maximum', 'minimum', 'pow', 'mod', 'equal', 'notEqual', 'logicalAnd', 'logicalOr'] as BinaryOp[]) {
      expectClose(await run(op), ref(op), 2e-6, 0, op);
    }
  });

  it.each(BINARY_OPS.filter((op) => binaryAccepts(op, 'int32')).map((op) => [op]))('int32 %s (wrapping, zero divisors give 0)', async (op: BinaryOp) => {
    const [aShape, bShape, outShape] = [[3, 4], [1, 4], [3, 4]];
    const av = randomInts(12, 5, -9, 9);
    const bv = randomInts(4, 6, -3, 3);
    bv[0] = 0;
    const out = await b.read(binaryK(b, op, upload(b, av, aShape, 'int32'), upload(b, bv, bShape, 'int32'), outShape));
    const expected = broadcastRef(INT_BINARY_REFERENCE[op], av, aShape, bv, bShape, outShape);
    expect(Array.from(out), op).toEqual(expected);
  });

  it('wraps int32 overflow like Int32Array', async () => {
    const a = upload(b, [2147483647, -2147483648, 65536], [3], 'int32');
    const c = upload(b, [1, 1, 65536], [3], 'int32');
    expect(await download(b, binaryK(b, 'add', a, c, [3]))).toEqual([-2147483648, -2147483647, 131072]);
    expect(await download(b, binaryK(b, 'sub', a, c, [3]))).toEqual([2147483646, 2147483647, 0]);
    expect(await download(b, binaryK(b, 'mul', a, c, [3]))).toEqual([2147483647, -2147483648, 0]);
  });

  it('computes bool operands and returns the right dtypes', async () => {
    const a = upload(b, [0, 0, 1, 1], [4], 'bool');
    const c = upload(b, [0, 1, 0, 1], [4], 'bool');
    expect(await download(b, binaryK(b, 'logicalXor', a, c, [4]))).toEqual([0, 1, 1, 0]);
    expect(await b.read(binaryK(b, 'less', a, c, [4]))).toBeInstanceOf(Uint8Array);
  });
});

describe.skipIf(backend === null)('where / clip / cast', () => {
  const b = backend!;

  it.each([['float32'], ['int32'], ['bool']] as [DType][])('where broadcasts cond, a and b (%s)', async (dtype) => {
    const condShape = [2, 1, 3];
    const aShape = [4, 3];
    const bShape = [1];
    const outShape = [2, 4, 3];
    const cond = Uint8Array.from(randomInts(6, 3, 0, 1));
    const av = dtype === 'float32' ? randomFloats(12, 4) : randomInts(12, 4, dtype === 'bool' ? 0 : -50, dtype === 'bool' ? 1 : 50);
    const bv = dtype === 'bool' ? [0] : [-99];
    const out = await download(b, whereK(b, upload(b, cond, condShape, 'bool'), upload(b, av, aShape, dtype), upload(b, bv, bShape, dtype), outShape));
    const pick = broadcastRef((c, i) => i + c * 0, cond, condShape, Array.from({ length: 12 }, (_, i) => i), aShape, outShape);
    const condOut = broadcastRef((c) => c, cond, condShape, [0], [1], outShape);
    expect(out).toEqual(condOut.map((c, i) => (c ? av[pick[i]] : bv[0])));
  });

  it('clips floats keeping NaN, and integers to the integers inside the bounds', async () => {
    const xs = [-3, -1.5, 0, 0.7, 2, 9, Number.NaN, -Infinity, Infinity];
    expectClose(await download(b, clipK(b, upload(b, xs, [9]), -1, 2.5)), [-1, -1, 0, 0.7, 2, 2.5, Number.NaN, -1, 2.5].map(Math.fround), 0, 0);
    const ints = [-5, -1, 0, 1, 3, 8];
    expect(await download(b, clipK(b, upload(b, ints, [6], 'int32'), -1.5, 3.5))).toEqual([-1, -1, 0, 1, 3, 3]);
  });

  it('casts between every dtype pair', async () => {
    const fs = [0, -0.5, 1.9, -1.9, Number.NaN, Infinity, 3e9, -3e9, 2147483520];
    const fid = upload(b, fs, [fs.length]);
    // float → int32 truncates and saturates like WebAssembly's trunc_sat (NaN → 0)
    expect(await download(b, castK(b, { ...fid }, 'int32'))).toEqual([0, 0, 1, -1, 0, 2147483647, 2147483647, -2147483648, 2147483520]);
    expect(await download(b, castK(b, fid, 'bool'))).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const is = [-3, 0, 7, 16777217];
    const iid = upload(b, is, [4], 'int32');
    expect(await download(b, castK(b, iid, 'float32'))).toEqual(is.map(Math.fround));
    expect(await download(b, castK(b, iid, 'bool'))).toEqual([1, 0, 1, 1]);
    const bid = upload(b, [1, 0], [2], 'bool');
    expect(await b.read(castK(b, bid, 'float32'))).toEqual(Float32Array.from([1, 0]));
    expect(await b.read(castK(b, bid, 'int32'))).toEqual(Int32Array.from([1, 0]));
    expect(await download(b, castK(b, iid, 'int32'))).toEqual(is);
  });
});
