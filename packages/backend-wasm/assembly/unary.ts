// Elementwise unary kernels. Op codes follow UNARY_OPS order in src/kernels/op-codes.ts.
import { partStart, partEnd } from './partition';
import { erf, sigmoid, softplus } from './scalar-math';
import { expF32x4, sigmoidF32x4, tanhF32x4 } from './vector-math';

const NEG = 0, ABS = 1, SIGN = 2, SQUARE = 3, RECIPROCAL = 4, EXP = 5, EXPM1 = 6, LOG = 7, LOG1P = 8;
const SQRT = 9, RSQRT = 10, SIN = 11, COS = 12, TAN = 13, ASIN = 14, ACOS = 15, ATAN = 16;
const SINH = 17, COSH = 18, TANH = 19, ASINH = 20, ACOSH = 21, ATANH = 22, SIGMOID = 23;
const SOFTPLUS = 24, RELU = 25, STEP = 26, ERF = 27, FLOOR = 28, CEIL = 29, ROUND = 30, TRUNC = 31;
const LOGICAL_NOT = 32, IS_NAN = 33, IS_FINITE = 34;

/** True for the ops whose output is bool (u8). */
@inline
function boolOutput(op: i32): bool {
  return op >= LOGICAL_NOT;
}

/** The op applied to one double (the reference semantics for every dtype). */
function unaryF64(op: i32, x: f64): f64 {
  switch (op) {
    case NEG: return -x;
    case ABS: return Math.abs(x);
    case SIGN: return x > 0 ? 1.0 : x < 0 ? -1.0 : x;
    case SQUARE: return x * x;
    case RECIPROCAL: return 1.0 / x;
    case EXP: return Math.exp(x);
    case EXPM1: return Math.expm1(x);
    case LOG: return Math.log(x);
    case LOG1P: return Math.log1p(x);
    case SQRT: return Math.sqrt(x);
    case RSQRT: return 1.0 / Math.sqrt(x);
    case SIN: return Math.sin(x);
    case COS: return Math.cos(x);
    case TAN: return Math.tan(x);
    case ASIN: return Math.asin(x);
    case ACOS: return Math.acos(x);
    case ATAN: return Math.atan(x);
    case SINH: return Math.sinh(x);
    case COSH: return Math.cosh(x);
    case TANH: return Math.tanh(x);
    case ASINH: return Math.asinh(x);
    case ACOSH: return Math.acosh(x);
    case ATANH: return Math.atanh(x);
    case SIGMOID: return sigmoid(x);
    case SOFTPLUS: return softplus(x);
    case RELU: return x > 0 ? x : x != x ? x : 0.0;
    case STEP: return x >= 0 ? 1.0 : 0.0;
    case ERF: return erf(x);
    case FLOOR: return Math.floor(x);
    case CEIL: return Math.ceil(x);
    case ROUND: return nearest<f64>(x);
    case TRUNC: return Math.trunc(x);
    case LOGICAL_NOT: return x == 0 ? 1.0 : 0.0;
    case IS_NAN: return x != x ? 1.0 : 0.0;
    case IS_FINITE: return x - x == 0 ? 1.0 : 0.0;
  }
  unreachable();
  return 0;
}

/** The op on an int32 value with two's-complement wrap-around where integers stay integers. */
function unaryI32(op: i32, x: i32): i32 {
  switch (op) {
    case NEG: return 0 - x;
    case ABS: return x < 0 ? 0 - x : x;
    case SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case SQUARE: return x * x;
    case RELU: return x > 0 ? x : 0;
    case STEP: return x >= 0 ? 1 : 0;
    case FLOOR: case CEIL: case ROUND: case TRUNC: return x;
    case LOGICAL_NOT: return x == 0 ? 1 : 0;
    case IS_NAN: return 0;
    case IS_FINITE: return 1;
  }
  return <i32>unaryF64(op, <f64>x);
}

/** Vector form of the op for 4 float32 lanes, or false when the op has none. */
@inline
function hasVectorF32(op: i32): bool {
  return op == NEG || op == ABS || op == SQUARE || op == SQRT || op == RELU || op == FLOOR ||
    op == CEIL || op == ROUND || op == TRUNC || op == RECIPROCAL || op == EXP || op == SIGMOID || op == TANH;
}

@inline
function vectorF32(op: i32, x: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQUARE: return f32x4.mul(x, x);
    case SQRT: return f32x4.sqrt(x);
    case RELU: return v128.bitselect(x, f32x4.max(x, f32x4.splat(0)), f32x4.ne(x, x));
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case ROUND: return f32x4.nearest(x);
    case TRUNC: return f32x4.trunc(x);
    case RECIPROCAL: return f32x4.div(f32x4.splat(1), x);
    case EXP: return expF32x4(x);
    case SIGMOID: return sigmoidF32x4(x);
    case TANH: return tanhF32x4(x);
  }
  return x;
}

/** Lane `lane` (0-3) of a float32x4 replaced by `value`. */
@inline
function setLane(v: v128, lane: i32, value: f32): v128 {
  if (lane == 0) return f32x4.replace_lane(v, 0, value);
  if (lane == 1) return f32x4.replace_lane(v, 1, value);
  return f32x4.replace_lane(v, 2, value);
}

/** Lane `lane` (0-2) of a float32x4. */
@inline
function getLane(v: v128, lane: i32): f32 {
  if (lane == 0) return f32x4.extract_lane(v, 0);
  if (lane == 1) return f32x4.extract_lane(v, 1);
  return f32x4.extract_lane(v, 2);
}

/** out[i..end) = op(x[i..end)) through the vector form, the last 1-3 elements included. */
@inline
function vectorLoopF32(op: i32, x: usize, out: usize, start: i32, end: i32): void {
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const off = <usize>i << 2;
    v128.store(out + off, vectorF32(op, v128.load(x + off)));
  }
  // The last 1-3 elements go through the same vector code, so a value never depends on
  // where the thread shares happen to split.
  if (i == end) return;
  let tail = f32x4.splat(0);
  for (let j = i; j < end; j++) tail = setLane(tail, j - i, load<f32>(x + (<usize>j << 2)));
  tail = vectorF32(op, tail);
  for (let j = i; j < end; j++) store<f32>(out + (<usize>j << 2), getLane(tail, j - i));
}

/** float32 unary over this thread's share of n elements. */
export function unary_f32(op: i32, x: usize, out: usize, n: i32, tid: i32, nt: i32): void {
  let i = partStart(n, tid, nt);
  const end = partEnd(n, tid, nt);
  if (boolOutput(op)) {
    for (; i < end; i++) store<u8>(out + <usize>i, <u8>unaryF64(op, <f64>load<f32>(x + (<usize>i << 2))));
    return;
  }
  if (hasVectorF32(op)) {
    // One loop per op, so each inlines its own vector code with no switch inside.
    switch (op) {
      case EXP: vectorLoopF32(EXP, x, out, i, end); break;
      case SIGMOID: vectorLoopF32(SIGMOID, x, out, i, end); break;
      case TANH: vectorLoopF32(TANH, x, out, i, end); break;
      default: vectorLoopF32(op, x, out, i, end);
    }
    return;
  }
  for (; i < end; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, <f32>unaryF64(op, <f64>load<f32>(x + off)));
  }
}

/** float64 unary over this thread's share of n elements. */
export function unary_f64(op: i32, x: usize, out: usize, n: i32, tid: i32, nt: i32): void {
  const end = partEnd(n, tid, nt);
  if (boolOutput(op)) {
    for (let i = partStart(n, tid, nt); i < end; i++) store<u8>(out + <usize>i, <u8>unaryF64(op, load<f64>(x + (<usize>i << 3))));
    return;
  }
  for (let i = partStart(n, tid, nt); i < end; i++) {
    const off = <usize>i << 3;
    store<f64>(out + off, unaryF64(op, load<f64>(x + off)));
  }
}

/** int32 unary over this thread's share of n elements. */
export function unary_i32(op: i32, x: usize, out: usize, n: i32, tid: i32, nt: i32): void {
  const end = partEnd(n, tid, nt);
  if (boolOutput(op)) {
    for (let i = partStart(n, tid, nt); i < end; i++) store<u8>(out + <usize>i, <u8>unaryI32(op, load<i32>(x + (<usize>i << 2))));
    return;
  }
  for (let i = partStart(n, tid, nt); i < end; i++) {
    const off = <usize>i << 2;
    store<i32>(out + off, unaryI32(op, load<i32>(x + off)));
  }
}

/** bool unary: values are 0/1 and every output is bool (`!= 0` of the numeric result). */
export function unary_u8(op: i32, x: usize, out: usize, n: i32, tid: i32, nt: i32): void {
  const end = partEnd(n, tid, nt);
  for (let i = partStart(n, tid, nt); i < end; i++) {
    const r = unaryF64(op, <f64>load<u8>(x + <usize>i));
    store<u8>(out + <usize>i, r != 0 ? 1 : 0);
  }
}
