import { describe, expect, it } from 'vitest';
import {
  BINARY_OPS, BINARY_TABLE, BYTES_PER_ELEMENT, DTypeError, UNARY_OPS, UNARY_TABLE, allocHostArray, binaryOutDType, isDType, isFloat, promoteTypes,
  reduceOutDType, unaryOutDType, type DType,
} from '../src/index.js';

const DTYPES: DType[] = ['bool', 'int32', 'float32', 'float64'];

describe('promoteTypes', () => {
  it('follows bool < int32 < float32 < float64 for every pair', () => {
    const expected: Record<string, DType> = {
      'bool,bool': 'bool', 'bool,int32': 'int32', 'bool,float32': 'float32', 'bool,float64': 'float64',
      'int32,int32': 'int32', 'int32,float32': 'float32', 'int32,float64': 'float64',
      'float32,float32': 'float32', 'float32,float64': 'float64', 'float64,float64': 'float64',
    };
    for (const [key, out] of Object.entries(expected)) {
      const [a, b] = key.split(',') as [DType, DType];
      expect(promoteTypes(a, b)).toBe(out);
      expect(promoteTypes(b, a)).toBe(out);
    }
  });
});

describe('dtype predicates and host arrays', () => {
  it('isFloat is true only for float dtypes', () => {
    expect(DTYPES.filter(isFloat)).toEqual(['float32', 'float64']);
  });
  it('isDType recognises exactly the four dtypes', () => {
    for (const d of DTYPES) expect(isDType(d)).toBe(true);
    for (const v of ['float16', 'int64', '', 3, null, undefined]) expect(isDType(v)).toBe(false);
  });
  it('allocHostArray returns the matching zeroed typed array', () => {
    expect(allocHostArray('float32', 3)).toEqual(new Float32Array(3));
    expect(allocHostArray('int32', 2)).toBeInstanceOf(Int32Array);
    expect(allocHostArray('bool', 4)).toBeInstanceOf(Uint8Array);
    expect(allocHostArray('float64', 1)).toBeInstanceOf(Float64Array);
    expect(() => allocHostArray('float16' as DType, 1)).toThrow(DTypeError);
  });
  it('BYTES_PER_ELEMENT matches the host arrays', () => {
    for (const d of DTYPES) expect(BYTES_PER_ELEMENT[d]).toBe(allocHostArray(d, 1).BYTES_PER_ELEMENT);
  });
});

describe('kernel output dtypes', () => {
  it('unary predicates give bool, the rest keep the dtype', () => {
    for (const op of UNARY_OPS) {
      const out = unaryOutDType(op, 'float32');
      expect(out).toBe(op === 'logicalNot' || op === 'isNaN' || op === 'isFinite' ? 'bool' : 'float32');
    }
    expect(unaryOutDType('neg', 'int32')).toBe('int32');
  });
  it('comparisons and logical ops give bool, arithmetic keeps the operand dtype', () => {
    const boolOps = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalXor'];
    for (const op of BINARY_OPS) expect(binaryOutDType(op, 'int32')).toBe(boolOps.includes(op) ? 'bool' : 'int32');
  });
  it('any/all give bool, other reductions keep the dtype', () => {
    expect(reduceOutDType('any', 'float32')).toBe('bool');
    expect(reduceOutDType('all', 'int32')).toBe('bool');
    expect(reduceOutDType('sum', 'int32')).toBe('int32');
    expect(reduceOutDType('max', 'float64')).toBe('float64');
  });
  it('op tables list each op once', () => {
    expect(new Set(UNARY_OPS).size).toBe(UNARY_OPS.length);
    expect(new Set(BINARY_OPS).size).toBe(BINARY_OPS.length);
    expect(UNARY_OPS).toEqual(Object.keys(UNARY_TABLE));
    expect(BINARY_OPS).toEqual(Object.keys(BINARY_TABLE));
  });
});

describe('op table invariants the backends rely on', () => {
  it('every non-predicate unary op maps NaN to NaN (the WebGPU compiler guards f32 inputs with it)', () => {
    for (const op of UNARY_OPS) {
      if (UNARY_TABLE[op].kind !== 'predicate') expect(Number.isNaN(UNARY_TABLE[op].scalar(NaN)), op).toBe(true);
    }
  });
});
