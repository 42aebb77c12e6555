/**
 * The unary op table: every fact about each elementwise function of one tensor, in one place.
 * Backends compile from it (the plain-JS backend runs `scalar`/`int`, WebGPU splices `wgsl`, the
 * WebAssembly build generates its kernels from `wasm`); tensor-core derives dtype rules from
 * `kind`; the conformance suite uses `scalar` as its reference. Adding an op here (plus its
 * gradient rule in @nabla/autograd) makes it run on every backend.
 */
import { erf, roundHalfEven, sigmoid, softplus } from './scalar-math.js';

/**
 * How an op treats dtypes:
 * - `float`: defined on floats only; tensor-core converts int32/bool inputs to float32 first.
 * - `numeric`: keeps float and int32 dtypes (bool inputs are computed as int32).
 * - `predicate`: any input dtype, bool output; never differentiated.
 */
export type UnaryKind = 'float' | 'numeric' | 'predicate';

/** Everything a backend needs to run one unary op. */
export interface UnaryOpSpec {
  /** Which dtypes it takes and returns (see UnaryKind). */
  readonly kind: UnaryKind;
  /**
   * The value on one number: float64 semantics (float32 results are this rounded to float32;
   * predicates give 0 or 1). It is the conformance reference and the plain-JS implementation.
   */
  readonly scalar: (x: number) => number;
  /** The value on an int32 when `scalar(x) | 0` is not it (wrap-around products). */
  readonly int?: (x: number) => number;
  /**
   * WGSL expressions of `x`: `f32` on an f32 value, `i32` on an int32 (or bool as 0/1) value for
   * numeric ops and predicates. Predicates evaluate to a WGSL `bool`. They may call the helpers of
   * backend-webgpu's float math prelude (`f_exp`, `f_max`, `is_nan`...).
   */
  readonly wgsl: {
    /** On an f32 value. */
    readonly f32: string;
    /** On an i32 (or bool as 0/1) value; numeric ops and predicates only. */
    readonly i32?: string;
  };
  /**
   * AssemblyScript expressions of `x` for the WebAssembly kernels: `f64` on an f64 value, `i32` on
   * an i32 value (numeric ops and predicates; predicates give an AssemblyScript `bool`), and an
   * optional 4-lane `f32x4` form on a v128. They may call the helpers of the kernels' scalar-math
   * and vector-math modules.
   */
  readonly wasm: {
    /** On an f64 value. */
    readonly f64: string;
    /** On an i32 value; numeric ops and predicates only. */
    readonly i32?: string;
    /** On a v128 of 4 f32 lanes, for the SIMD float32 path (absent: scalar loop). */
    readonly f32x4?: string;
  };
  /** The ONNX operator computing the op on its own (same input and output), when there is one. */
  readonly onnx?: string;
}

/**
 * Every unary op. Definitions: `step(x) = x >= 0 ? 1 : 0` with `step(NaN) = NaN` (like
 * `torch.heaviside(x, 1)`); `sign(0) = 0`; `round` rounds half to even; `relu(x) = max(x, 0)` with
 * `relu(NaN) = NaN`; `softplus(x) = log(1 + eˣ)` (stable); `rsqrt = 1/√x`; `erf` is the Gauss error
 * function; `hardswish(x) = x·min(max(x + 3, 0), 6)/6` (Howard et al., MobileNetV3).
 */
export const UNARY_TABLE = {
  neg: {
    kind: 'numeric', onnx: 'Neg', scalar: (x) => -x,
    wgsl: { f32: '-x', i32: '-x' }, wasm: { f64: '-x', i32: '0 - x', f32x4: 'f32x4.neg(x)' },
  },
  abs: {
    kind: 'numeric', onnx: 'Abs', scalar: Math.abs,
    wgsl: { f32: 'abs(x)', i32: 'abs(x)' }, wasm: { f64: 'Math.abs(x)', i32: 'x < 0 ? 0 - x : x', f32x4: 'f32x4.abs(x)' },
  },
  sign: {
    kind: 'numeric', onnx: 'Sign', scalar: Math.sign,
    wgsl: { f32: 'select(sign(x), x, is_nan(x))', i32: 'sign(x)' }, wasm: { f64: 'x > 0 ? 1.0 : x < 0 ? -1.0 : x', i32: 'x > 0 ? 1 : x < 0 ? -1 : 0' },
  },
  square: {
    kind: 'numeric', scalar: (x) => x * x, int: (x) => Math.imul(x, x),
    wgsl: { f32: 'x * x', i32: 'x * x' }, wasm: { f64: 'x * x', i32: 'x * x', f32x4: 'f32x4.mul(x, x)' },
  },
  reciprocal: {
    kind: 'float', onnx: 'Reciprocal', scalar: (x) => 1 / x,
    wgsl: { f32: '1.0 / x' }, wasm: { f64: '1.0 / x', f32x4: 'f32x4.div(f32x4.splat(1), x)' },
  },
  exp: { kind: 'float', onnx: 'Exp', scalar: Math.exp, wgsl: { f32: 'f_exp(x)' }, wasm: { f64: 'Math.exp(x)', f32x4: 'expF32x4(x)' } },
  expm1: { kind: 'float', scalar: Math.expm1, wgsl: { f32: 'f_expm1(x)' }, wasm: { f64: 'Math.expm1(x)' } },
  log: { kind: 'float', onnx: 'Log', scalar: Math.log, wgsl: { f32: 'f_log(x)' }, wasm: { f64: 'Math.log(x)' } },
  log1p: { kind: 'float', scalar: Math.log1p, wgsl: { f32: 'f_log1p(x)' }, wasm: { f64: 'Math.log1p(x)' } },
  sqrt: { kind: 'float', onnx: 'Sqrt', scalar: Math.sqrt, wgsl: { f32: 'f_sqrt(x)' }, wasm: { f64: 'Math.sqrt(x)', f32x4: 'f32x4.sqrt(x)' } },
  rsqrt: { kind: 'float', scalar: (x) => 1 / Math.sqrt(x), wgsl: { f32: 'f_rsqrt(x)' }, wasm: { f64: '1.0 / Math.sqrt(x)' } },
  sin: { kind: 'float', onnx: 'Sin', scalar: Math.sin, wgsl: { f32: 'f_sin(x)' }, wasm: { f64: 'Math.sin(x)' } },
  cos: { kind: 'float', onnx: 'Cos', scalar: Math.cos, wgsl: { f32: 'f_cos(x)' }, wasm: { f64: 'Math.cos(x)' } },
  tan: { kind: 'float', onnx: 'Tan', scalar: Math.tan, wgsl: { f32: 'tan(x)' }, wasm: { f64: 'Math.tan(x)' } },
  asin: { kind: 'float', onnx: 'Asin', scalar: Math.asin, wgsl: { f32: 'f_asin(x)' }, wasm: { f64: 'Math.asin(x)' } },
  acos: { kind: 'float', onnx: 'Acos', scalar: Math.acos, wgsl: { f32: 'f_acos(x)' }, wasm: { f64: 'Math.acos(x)' } },
  atan: { kind: 'float', onnx: 'Atan', scalar: Math.atan, wgsl: { f32: 'atan(x)' }, wasm: { f64: 'Math.atan(x)' } },
  sinh: { kind: 'float', onnx: 'Sinh', scalar: Math.sinh, wgsl: { f32: 'f_sinh(x)' }, wasm: { f64: 'Math.sinh(x)' } },
  cosh: { kind: 'float', onnx: 'Cosh', scalar: Math.cosh, wgsl: { f32: 'f_cosh(x)' }, wasm: { f64: 'Math.cosh(x)' } },
  tanh: { kind: 'float', onnx: 'Tanh', scalar: Math.tanh, wgsl: { f32: 'f_tanh(x)' }, wasm: { f64: 'Math.tanh(x)', f32x4: 'tanhF32x4(x)' } },
  asinh: { kind: 'float', onnx: 'Asinh', scalar: Math.asinh, wgsl: { f32: 'f_asinh(x)' }, wasm: { f64: 'Math.asinh(x)' } },
  acosh: { kind: 'float', onnx: 'Acosh', scalar: Math.acosh, wgsl: { f32: 'f_acosh(x)' }, wasm: { f64: 'Math.acosh(x)' } },
  atanh: { kind: 'float', onnx: 'Atanh', scalar: Math.atanh, wgsl: { f32: 'f_atanh(x)' }, wasm: { f64: 'Math.atanh(x)' } },
  sigmoid: { kind: 'float', onnx: 'Sigmoid', scalar: sigmoid, wgsl: { f32: 'f_sigmoid(x)' }, wasm: { f64: 'sigmoid(x)', f32x4: 'sigmoidF32x4(x)' } },
  softplus: { kind: 'float', onnx: 'Softplus', scalar: softplus, wgsl: { f32: 'f_softplus(x)' }, wasm: { f64: 'softplus(x)' } },
  relu: {
    kind: 'numeric', onnx: 'Relu', scalar: (x) => (x > 0 || x !== x ? x : 0),
    wgsl: { f32: 'select(x, 0.0, x <= 0.0)', i32: 'max(x, 0)' },
    wasm: { f64: 'x > 0 ? x : x != x ? x : 0.0', i32: 'x > 0 ? x : 0', f32x4: 'v128.bitselect(x, f32x4.max(x, f32x4.splat(0)), f32x4.ne(x, x))' },
  },
  step: {
    kind: 'numeric', scalar: (x) => (x >= 0 ? 1 : x !== x ? x : 0),
    wgsl: { f32: 'select(select(0.0, 1.0, x >= 0.0), x, is_nan(x))', i32: 'select(0, 1, x >= 0)' },
    wasm: { f64: 'x >= 0 ? 1.0 : x != x ? x : 0.0', i32: 'x >= 0 ? 1 : 0' },
  },
  erf: { kind: 'float', onnx: 'Erf', scalar: erf, wgsl: { f32: 'f_erf(x)' }, wasm: { f64: 'erf(x)', f32x4: 'erfF32x4(x)' } },
  hardswish: {
    kind: 'float', scalar: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
    wgsl: { f32: 'x * f_min(f_max(x + 3.0, 0.0), 6.0) / 6.0' },
    wasm: { f64: 'x * Math.min(Math.max(x + 3.0, 0.0), 6.0) / 6.0' },
  },
  floor: {
    kind: 'numeric', onnx: 'Floor', scalar: Math.floor,
    wgsl: { f32: 'floor(x)', i32: 'x' }, wasm: { f64: 'Math.floor(x)', i32: 'x', f32x4: 'f32x4.floor(x)' },
  },
  ceil: {
    kind: 'numeric', onnx: 'Ceil', scalar: Math.ceil,
    wgsl: { f32: 'ceil(x)', i32: 'x' }, wasm: { f64: 'Math.ceil(x)', i32: 'x', f32x4: 'f32x4.ceil(x)' },
  },
  round: {
    kind: 'numeric', onnx: 'Round', scalar: roundHalfEven,
    wgsl: { f32: 'round(x)', i32: 'x' }, wasm: { f64: 'nearest<f64>(x)', i32: 'x', f32x4: 'f32x4.nearest(x)' },
  },
  trunc: {
    kind: 'numeric', scalar: Math.trunc,
    wgsl: { f32: 'trunc(x)', i32: 'x' }, wasm: { f64: 'Math.trunc(x)', i32: 'x', f32x4: 'f32x4.trunc(x)' },
  },
  logicalNot: {
    kind: 'predicate', scalar: (x) => (x === 0 ? 1 : 0),
    wgsl: { f32: 'x == 0.0', i32: 'x == 0' }, wasm: { f64: 'x == 0', i32: 'x == 0' },
  },
  isNaN: {
    kind: 'predicate', scalar: (x) => (x !== x ? 1 : 0),
    wgsl: { f32: 'is_nan(x)', i32: 'false' }, wasm: { f64: 'x != x', i32: 'false' },
  },
  isFinite: {
    kind: 'predicate', scalar: (x) => (x - x === 0 ? 1 : 0),
    wgsl: { f32: '!(is_nan(x) || is_inf(x))', i32: 'true' }, wasm: { f64: 'x - x == 0', i32: 'true' },
  },
} as const satisfies Record<string, UnaryOpSpec>;

/** Name of a unary elementwise op. */
export type UnaryOp = keyof typeof UNARY_TABLE;
