/**
 * Elementwise programs: what `Backend.elementwise` runs. A program is a small typed expression
 * DAG in SSA form over the op tables — values 0..inputs.length-1 are the inputs (broadcast to the
 * output shape), each step then defines the next value, and the last step is the output. Every
 * value has one dtype, fixed when the program is built, so a backend compiles a program without
 * inferring anything.
 */
import type { DType } from '../dtype.js';
import type { BinaryOp } from '../op-table/binary-ops.js';
import type { UnaryOp } from '../op-table/unary-ops.js';

/** Index of a program value: inputs first, then one per step. */
export type ValueRef = number;

/** A constant broadcast to every element (its value already converted to `dtype`). */
export interface ConstStep {
  /** Discriminant of the step union. */
  readonly kind: 'const';
  /** The constant (for bool 0 or 1; for int32 an integer). */
  readonly value: number;
  /** dtype of the value this step defines. */
  readonly dtype: DType;
}

/** A unary table op on `x`; `dtype` is the result dtype. */
export interface UnaryStep {
  /** Discriminant of the step union. */
  readonly kind: 'unary';
  /** The unary table op. */
  readonly op: UnaryOp;
  /** Its operand: an input or an earlier step's value. */
  readonly x: ValueRef;
  /** dtype of the value this step defines. */
  readonly dtype: DType;
}

/** A binary table op on `a` and `b` (one dtype); `dtype` is the result dtype. */
export interface BinaryStep {
  /** Discriminant of the step union. */
  readonly kind: 'binary';
  /** The binary table op. */
  readonly op: BinaryOp;
  /** Left operand: an input or an earlier step's value. */
  readonly a: ValueRef;
  /** Right operand, of a's dtype. */
  readonly b: ValueRef;
  /** dtype of the value this step defines. */
  readonly dtype: DType;
}

/** `cond != 0 ? a : b`; `cond` is bool, `a`, `b` and the result share `dtype`. */
export interface WhereStep {
  /** Discriminant of the step union. */
  readonly kind: 'where';
  /** The bool condition value. */
  readonly cond: ValueRef;
  /** Value taken where `cond` is true. */
  readonly a: ValueRef;
  /** Value taken where `cond` is false. */
  readonly b: ValueRef;
  /** dtype of the value this step defines. */
  readonly dtype: DType;
}

/**
 * Conversion of `x` to `dtype`: float → int32 truncates toward zero and saturates (NaN → 0,
 * ±Infinity and out-of-range values → INT32_MIN/INT32_MAX, like WebAssembly's `trunc_sat`);
 * anything → bool is `!= 0` (NaN → true); int32 → float32 rounds to nearest.
 */
export interface CastStep {
  /** Discriminant of the step union. */
  readonly kind: 'cast';
  /** The value converted. */
  readonly x: ValueRef;
  /** The dtype it is converted to. */
  readonly dtype: DType;
}

/** One step of a program. */
export type ElementwiseStep = ConstStep | UnaryStep | BinaryStep | WhereStep | CastStep;

/** A compiled-once, run-many elementwise computation. */
export interface ElementwiseProgram {
  /** Dtype of each input, in order. */
  readonly inputs: readonly DType[];
  /** The steps; the last one is the output. At least one. */
  readonly steps: readonly ElementwiseStep[];
  /**
   * The program's shape without constant values: equal keys mean the same code with possibly
   * different constants, so backends cache compiled code by it.
   */
  readonly key: string;
}

/** The dtype of value `ref` of `program`. */
export function valueDType(program: ElementwiseProgram, ref: ValueRef): DType {
  const n = program.inputs.length;
  return ref < n ? program.inputs[ref] : program.steps[ref - n].dtype;
}

/** The output dtype of `program`. */
export function programOutDType(program: ElementwiseProgram): DType {
  return program.steps[program.steps.length - 1].dtype;
}

/** The value refs a step reads. */
export function stepOperands(step: ElementwiseStep): readonly ValueRef[] {
  switch (step.kind) {
    case 'const': return [];
    case 'unary': return [step.x];
    case 'binary': return [step.a, step.b];
    case 'where': return [step.cond, step.a, step.b];
    case 'cast': return [step.x];
  }
}

/** The constant values of a program in step order (what a program's key leaves out). */
export function programConstants(program: ElementwiseProgram): number[] {
  const out: number[] = [];
  for (const step of program.steps) if (step.kind === 'const') out.push(step.value);
  return out;
}
