/** Building elementwise programs with every dtype checked against the op tables. */
import type { DType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { binaryAccepts, binaryOutDType, unaryAccepts, unaryOutDType } from '../op-table/derived.js';
import type { BinaryOp } from '../op-table/binary-ops.js';
import { saturateToInt32 } from '../op-table/scalar-math.js';
import type { UnaryOp } from '../op-table/unary-ops.js';
import type { ElementwiseProgram, ElementwiseStep, ValueRef } from './program.js';

/** `value` as stored in `dtype`. */
export function convertScalar(value: number, dtype: DType): number {
  switch (dtype) {
    case 'float32': return Math.fround(value);
    case 'float64': return value;
    case 'int32': return Number.isInteger(value) ? value | 0 : saturateToInt32(value);
    case 'bool': return value !== 0 ? 1 : 0;
  }
}

/** The part of a program's key one step contributes (its constant's value left out). */
export function stepKey(step: ElementwiseStep): string {
  switch (step.kind) {
    case 'const': return `c:${step.dtype}`;
    case 'unary': return `u:${step.op}:${step.x}`;
    case 'binary': return `b:${step.op}:${step.a},${step.b}`;
    case 'where': return `w:${step.cond},${step.a},${step.b}`;
    case 'cast': return `k:${step.dtype}:${step.x}`;
  }
}

/** The key of a program with these inputs and steps (see ElementwiseProgram.key). */
export function programKey(inputs: readonly DType[], steps: readonly ElementwiseStep[]): string {
  return `${inputs.join(',')}|${steps.map(stepKey).join('|')}`;
}

/** Appends steps and checks each against the op tables; `build()` returns the program. */
export class ProgramBuilder {
  private readonly inputs: DType[] = [];
  private readonly steps: ElementwiseStep[] = [];
  private readonly dtypes: DType[] = [];

  /** A new input of `dtype` (all inputs must be declared before the first step). */
  input(dtype: DType): ValueRef {
    if (this.steps.length > 0) throw new DTypeError('elementwise', 'inputs must be declared before the first step');
    this.inputs.push(dtype);
    this.dtypes.push(dtype);
    return this.dtypes.length - 1;
  }

  /** A constant of `dtype`, converted like a typed-array store. */
  constant(value: number, dtype: DType): ValueRef {
    return this.push({ kind: 'const', value: convertScalar(value, dtype), dtype });
  }

  /** `op(x)`; `x` must already have the dtype the op computes in. */
  unary(op: UnaryOp, x: ValueRef): ValueRef {
    const dtype = this.dtypeOf(x);
    if (!unaryAccepts(op, dtype)) throw new DTypeError(op, `elementwise program: unary '${op}' does not take ${dtype}`);
    return this.push({ kind: 'unary', op, x, dtype: unaryOutDType(op, dtype) });
  }

  /** `op(a, b)`; both operands must share the dtype the op computes in. */
  binary(op: BinaryOp, a: ValueRef, b: ValueRef): ValueRef {
    const dtype = this.dtypeOf(a);
    if (this.dtypeOf(b) !== dtype) throw new DTypeError(op, `elementwise program: operands must share a dtype, got ${dtype} and ${this.dtypeOf(b)}`);
    if (!binaryAccepts(op, dtype)) throw new DTypeError(op, `elementwise program: binary '${op}' does not take ${dtype}`);
    return this.push({ kind: 'binary', op, a, b, dtype: binaryOutDType(op, dtype) });
  }

  /** `cond ? a : b` with a bool `cond` and `a`, `b` of one dtype. */
  where(cond: ValueRef, a: ValueRef, b: ValueRef): ValueRef {
    if (this.dtypeOf(cond) !== 'bool') throw new DTypeError('where', `elementwise program: condition must be bool, got ${this.dtypeOf(cond)}`);
    const dtype = this.dtypeOf(a);
    if (this.dtypeOf(b) !== dtype) throw new DTypeError('where', `elementwise program: branches must share a dtype, got ${dtype} and ${this.dtypeOf(b)}`);
    return this.push({ kind: 'where', cond, a, b, dtype });
  }

  /** `x` converted to `dtype`. */
  cast(x: ValueRef, dtype: DType): ValueRef {
    this.dtypeOf(x);
    return this.push({ kind: 'cast', x, dtype });
  }

  /** The program whose output is the last step. */
  build(): ElementwiseProgram {
    if (this.steps.length === 0) throw new DTypeError('elementwise', 'a program needs at least one step');
    return { inputs: [...this.inputs], steps: [...this.steps], key: programKey(this.inputs, this.steps) };
  }

  private dtypeOf(ref: ValueRef): DType {
    const dtype = this.dtypes[ref];
    if (!Number.isInteger(ref) || dtype === undefined) throw new DTypeError('elementwise', `elementwise program: no value ${ref}`);
    return dtype;
  }

  private push(step: ElementwiseStep): ValueRef {
    this.steps.push(step);
    this.dtypes.push(step.dtype);
    return this.dtypes.length - 1;
  }
}
