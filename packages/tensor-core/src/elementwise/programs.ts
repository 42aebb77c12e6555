/** The one-op programs tensor-core's elementwise ops send to backends (cached per op and dtype). */
import type { DType } from '../dtype.js';
import type { BinaryOp } from '../op-table/binary-ops.js';
import type { UnaryOp } from '../op-table/unary-ops.js';
import { ProgramBuilder } from './builder.js';
import type { ElementwiseProgram } from './program.js';

/**
 * Programs of one family, keyed by two names (op or dtype, then dtype). Looked up on every
 * elementwise op, so the keys are the caller's own (interned) strings: no key string is built per call.
 */
class ProgramCache {
  private readonly programs = new Map<string, Map<string, ElementwiseProgram>>();

  get(first: string, second: string, build: (b: ProgramBuilder) => void): ElementwiseProgram {
    let inner = this.programs.get(first);
    if (inner === undefined) {
      inner = new Map();
      this.programs.set(first, inner);
    }
    let program = inner.get(second);
    if (program === undefined) {
      const builder = new ProgramBuilder();
      build(builder);
      program = builder.build();
      inner.set(second, program);
    }
    return program;
  }
}

const unaryPrograms = new ProgramCache();
const binaryPrograms = new ProgramCache();
const wherePrograms = new ProgramCache();
const castPrograms = new ProgramCache();

/** `op(x)` for an input of `dtype` (which the op must accept as it is). */
export function unaryProgram(op: UnaryOp, dtype: DType): ElementwiseProgram {
  return unaryPrograms.get(op, dtype, (b) => b.unary(op, b.input(dtype)));
}

/** `op(a, b)` for two inputs of `dtype`. */
export function binaryProgram(op: BinaryOp, dtype: DType): ElementwiseProgram {
  return binaryPrograms.get(op, dtype, (b) => b.binary(op, b.input(dtype), b.input(dtype)));
}

/** `cond ? a : b` for a bool condition and branches of `dtype`. */
export function whereProgram(dtype: DType): ElementwiseProgram {
  return wherePrograms.get('where', dtype, (b) => b.where(b.input('bool'), b.input(dtype), b.input(dtype)));
}

/** `x` converted from `from` to `to`. */
export function castProgram(from: DType, to: DType): ElementwiseProgram {
  return castPrograms.get(from, to, (b) => b.cast(b.input(from), to));
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * min(max(x, lo), hi) for an input of `dtype`, with NaN kept: `x < lo ? lo : x > hi ? hi : x`.
 * Integer tensors clip to the integers inside [lo, hi]; bool tensors clip as float32 and convert back.
 */
export function clipProgram(dtype: DType, lo: number, hi: number): ElementwiseProgram {
  const b = new ProgramBuilder();
  let x = b.input(dtype);
  const computeIn: DType = dtype === 'bool' ? 'float32' : dtype;
  if (dtype === 'bool') x = b.cast(x, computeIn);
  const [l, h] = computeIn === 'int32'
    ? [Math.min(Math.max(Math.ceil(lo), INT32_MIN), INT32_MAX), Math.max(Math.min(Math.floor(hi), INT32_MAX), INT32_MIN)]
    : [lo, hi];
  const loV = b.constant(l, computeIn);
  const hiV = b.constant(h, computeIn);
  const upper = b.where(b.binary('greater', x, hiV), hiV, x);
  const clipped = b.where(b.binary('less', x, loV), loV, upper);
  if (dtype === 'bool') b.cast(clipped, 'bool');
  return b.build();
}
