/**
 * The binary op table: every fact about each elementwise function of two tensors (NumPy
 * broadcasting), in one place. See unary-ops.ts for how backends and tests use it.
 */
import { floatMod, intFloorDiv, intMod, nanMax, nanMin } from './scalar-math.js';

/**
 * How an op treats dtypes (both operands always share one dtype; tensor-core promotes first):
 * - `float`: computed in float; integer and bool operands are promoted to float32 (`div`, `pow`, `atan2`).
 * - `arithmetic`: keeps float and int32 (int32 wraps around like Int32Array); bool operands are promoted to int32.
 * - `comparison`: any dtype, bool output.
 * - `logical`: operands are compared as bool (non-zero is true), bool output.
 */
export type BinaryKind = 'float' | 'arithmetic' | 'comparison' | 'logical';

/** Everything a backend needs to run one binary op. */
export interface BinaryOpSpec {
  /** Which dtypes it takes and returns (see BinaryKind). */
  readonly kind: BinaryKind;
  /** The value on two numbers in float64 (float32 results are this rounded; bool results 0/1): the reference. */
  readonly scalar: (a: number, b: number) => number;
  /** The value on two int32s (arithmetic ops) when `scalar(a, b) | 0` is not it. */
  readonly int?: (a: number, b: number) => number;
  /** WGSL expressions of `a` and `b` (f32, and i32 for every kind but `float`); bool results are WGSL `bool`s. */
  readonly wgsl: {
    /** On f32 operands. */
    readonly f32: string;
    /** On i32 operands (bool as 0/1); absent for `float` ops. */
    readonly i32?: string;
  };
  /** AssemblyScript expressions of `a` and `b`: f64, i32 (not for `float`), and optional v128 forms. */
  readonly wasm: {
    /** On f64 operands. */
    readonly f64: string;
    /** On i32 operands; absent for `float` ops. */
    readonly i32?: string;
    /** On two v128 values of 4 f32 lanes, for the SIMD float32 path (absent: scalar loop). */
    readonly f32x4?: string;
    /** On two v128 values of 4 i32 lanes, for the SIMD int32 path (absent: scalar loop). */
    readonly i32x4?: string;
  };
  /** The ONNX operator computing the op on its own (same inputs and output), when there is one. */
  readonly onnx?: string;
}

/**
 * Every binary op. `div` is floating division; `floorDiv` is floor(a / b) and `mod` the floored
 * modulo (sign of the divisor, like Python); for int32 both give 0 for a zero divisor.
 * `maximum`/`minimum` propagate NaN. Logical ops treat any non-zero as true.
 */
export const BINARY_TABLE = {
  add: {
    kind: 'arithmetic', onnx: 'Add', scalar: (a, b) => a + b,
    wgsl: { f32: 'a + b', i32: 'a + b' }, wasm: { f64: 'a + b', i32: 'a + b', f32x4: 'f32x4.add(a, b)', i32x4: 'i32x4.add(a, b)' },
  },
  sub: {
    kind: 'arithmetic', onnx: 'Sub', scalar: (a, b) => a - b,
    wgsl: { f32: 'a - b', i32: 'a - b' }, wasm: { f64: 'a - b', i32: 'a - b', f32x4: 'f32x4.sub(a, b)', i32x4: 'i32x4.sub(a, b)' },
  },
  mul: {
    kind: 'arithmetic', onnx: 'Mul', scalar: (a, b) => a * b, int: Math.imul,
    wgsl: { f32: 'a * b', i32: 'a * b' }, wasm: { f64: 'a * b', i32: 'a * b', f32x4: 'f32x4.mul(a, b)', i32x4: 'i32x4.mul(a, b)' },
  },
  div: { kind: 'float', onnx: 'Div', scalar: (a, b) => a / b, wgsl: { f32: 'a / b' }, wasm: { f64: 'a / b', f32x4: 'f32x4.div(a, b)' } },
  pow: { kind: 'float', onnx: 'Pow', scalar: Math.pow, wgsl: { f32: 'f_pow(a, b)' }, wasm: { f64: 'Math.pow(a, b)' } },
  maximum: {
    kind: 'arithmetic', onnx: 'Max', scalar: nanMax,
    wgsl: { f32: 'f_max(a, b)', i32: 'max(a, b)' },
    wasm: { f64: 'a != a || b != b ? NaN : Math.max(a, b)', i32: 'a > b ? a : b', f32x4: 'f32x4.max(a, b)', i32x4: 'i32x4.max_s(a, b)' },
  },
  minimum: {
    kind: 'arithmetic', onnx: 'Min', scalar: nanMin,
    wgsl: { f32: 'f_min(a, b)', i32: 'min(a, b)' },
    wasm: { f64: 'a != a || b != b ? NaN : Math.min(a, b)', i32: 'a < b ? a : b', f32x4: 'f32x4.min(a, b)', i32x4: 'i32x4.min_s(a, b)' },
  },
  mod: {
    kind: 'arithmetic', scalar: floatMod, int: intMod,
    wgsl: { f32: 'f_mod(a, b)', i32: 'i_mod(a, b)' }, wasm: { f64: 'modF64(a, b)', i32: 'modI32(a, b)' },
  },
  floorDiv: {
    kind: 'arithmetic', scalar: (a, b) => Math.floor(a / b), int: intFloorDiv,
    wgsl: { f32: 'floor(a / b)', i32: 'i_floor_div(a, b)' }, wasm: { f64: 'Math.floor(a / b)', i32: 'floorDivI32(a, b)' },
  },
  atan2: { kind: 'float', scalar: Math.atan2, wgsl: { f32: 'f_atan2(a, b)' }, wasm: { f64: 'Math.atan2(a, b)' } },
  equal: {
    kind: 'comparison', scalar: (a, b) => (a === b ? 1 : 0),
    wgsl: { f32: 'f_eq(a, b)', i32: 'a == b' }, wasm: { f64: 'a == b', i32: 'a == b' },
  },
  notEqual: {
    kind: 'comparison', scalar: (a, b) => (a !== b ? 1 : 0),
    wgsl: { f32: '!f_eq(a, b)', i32: 'a != b' }, wasm: { f64: 'a != b', i32: 'a != b' },
  },
  less: {
    kind: 'comparison', scalar: (a, b) => (a < b ? 1 : 0),
    wgsl: { f32: 'f_lt(a, b)', i32: 'a < b' }, wasm: { f64: 'a < b', i32: 'a < b' },
  },
  lessEqual: {
    kind: 'comparison', scalar: (a, b) => (a <= b ? 1 : 0),
    wgsl: { f32: 'f_le(a, b)', i32: 'a <= b' }, wasm: { f64: 'a <= b', i32: 'a <= b' },
  },
  greater: {
    kind: 'comparison', scalar: (a, b) => (a > b ? 1 : 0),
    wgsl: { f32: 'f_lt(b, a)', i32: 'a > b' }, wasm: { f64: 'a > b', i32: 'a > b' },
  },
  greaterEqual: {
    kind: 'comparison', scalar: (a, b) => (a >= b ? 1 : 0),
    wgsl: { f32: 'f_le(b, a)', i32: 'a >= b' }, wasm: { f64: 'a >= b', i32: 'a >= b' },
  },
  logicalAnd: {
    kind: 'logical', scalar: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
    wgsl: { f32: '!f_is_zero(a) && !f_is_zero(b)', i32: 'a != 0 && b != 0' }, wasm: { f64: 'a != 0 && b != 0', i32: 'a != 0 && b != 0' },
  },
  logicalOr: {
    kind: 'logical', scalar: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
    wgsl: { f32: '!f_is_zero(a) || !f_is_zero(b)', i32: 'a != 0 || b != 0' }, wasm: { f64: 'a != 0 || b != 0', i32: 'a != 0 || b != 0' },
  },
  logicalXor: {
    kind: 'logical', scalar: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
    wgsl: { f32: 'f_is_zero(a) != f_is_zero(b)', i32: '(a != 0) != (b != 0)' }, wasm: { f64: '(a != 0) != (b != 0)', i32: '(a != 0) != (b != 0)' },
  },
} as const satisfies Record<string, BinaryOpSpec>;

/** Name of a binary elementwise op. */
export type BinaryOp = keyof typeof BINARY_TABLE;
