/**
 * The value of every program step on plain numbers: the op tables' scalar functions plus the
 * dtype rules (float32 results rounded, int32 wrap-around, saturating float → int32 casts). The
 * plain-JS backend runs these functions; tests use {@link evaluateProgram} as a reference.
 */
import type { DType } from '../dtype.js';
import { BINARY_TABLE } from '../op-table/binary-ops.js';
import { saturateToInt32 } from '../op-table/scalar-math.js';
import { UNARY_TABLE } from '../op-table/unary-ops.js';
import { valueDType, type ElementwiseProgram, type ElementwiseStep } from './program.js';

/** A step as a function of its operand values (none for constants). */
export type ScalarFn = (...operands: number[]) => number;

function castFn(from: DType, to: DType): ScalarFn {
  switch (to) {
    case 'bool': return (x) => (x !== 0 ? 1 : 0);
    case 'float32': return Math.fround;
    case 'float64': return (x) => x;
    case 'int32': return from === 'float32' || from === 'float64' ? saturateToInt32 : (x) => x;
  }
}

/**
 * A step as a raw function plus how its result is stored: `float32` rounds with Math.fround,
 * `int32` wraps with `| 0`, `exact` keeps the value. Code generators inline the storing so each
 * op's own function is called directly.
 */
export interface StepParts {
  /** The step's scalar function on plain JS numbers. */
  readonly fn: ScalarFn;
  /** How its result is stored: rounded to float32 (Math.fround), wrapped to int32 (`| 0`), or kept as returned ('exact'). */
  readonly store: 'float32' | 'int32' | 'exact';
}

/** The parts of `step` of `program` (constants: a function returning the value). */
export function stepParts(program: ElementwiseProgram, step: ElementwiseStep): StepParts {
  switch (step.kind) {
    case 'const': {
      const value = step.value;
      return { fn: () => value, store: 'exact' };
    }
    case 'unary': {
      const spec: { readonly kind: string; readonly scalar: (x: number) => number; readonly int?: (x: number) => number } = UNARY_TABLE[step.op];
      if (spec.kind === 'predicate') return { fn: spec.scalar, store: 'exact' };
      const dtype = valueDType(program, step.x);
      if (dtype === 'int32') return { fn: spec.int ?? spec.scalar, store: 'int32' };
      return { fn: spec.scalar, store: dtype === 'float32' ? 'float32' : 'exact' };
    }
    case 'binary': {
      const spec: { readonly kind: string; readonly scalar: (a: number, b: number) => number; readonly int?: (a: number, b: number) => number } = BINARY_TABLE[step.op];
      if (spec.kind === 'comparison' || spec.kind === 'logical') return { fn: spec.scalar, store: 'exact' };
      const dtype = valueDType(program, step.a);
      if (dtype === 'int32') return { fn: spec.int ?? spec.scalar, store: 'int32' };
      return { fn: spec.scalar, store: dtype === 'float32' ? 'float32' : 'exact' };
    }
    case 'where':
      return { fn: (c, a, b) => (c !== 0 ? a : b), store: 'exact' };
    case 'cast':
      return { fn: castFn(valueDType(program, step.x), step.dtype), store: 'exact' };
  }
}

/** The function computing `step` of `program` (result already in the step's dtype). */
export function stepFunction(program: ElementwiseProgram, step: ElementwiseStep): ScalarFn {
  const { fn, store } = stepParts(program, step);
  if (store === 'float32') return (...xs) => Math.fround(fn(...xs));
  if (store === 'int32') return (...xs) => fn(...xs) | 0;
  return fn;
}

/** The program's output for one element, given one value per input (each as stored in its dtype). */
export function evaluateProgram(program: ElementwiseProgram, inputs: readonly number[]): number {
  const values = [...inputs];
  for (const step of program.steps) {
    const f = stepFunction(program, step);
    switch (step.kind) {
      case 'const': values.push(f()); break;
      case 'unary': case 'cast': values.push(f(values[step.x])); break;
      case 'binary': values.push(f(values[step.a], values[step.b])); break;
      case 'where': values.push(f(values[step.cond], values[step.a], values[step.b])); break;
    }
  }
  return values[values.length - 1];
}
