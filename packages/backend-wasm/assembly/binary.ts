// Elementwise binary kernels with broadcasting through element strides (0 on broadcast axes).
// Op codes follow BINARY_OPS order in src/kernels/op-codes.ts; codes >= EQUAL write bool (u8).
import { partStart, partEnd } from './partition';
import { rowOffset, rowCount, innerSize, innerStride } from './strided';

const ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAXIMUM = 5, MINIMUM = 6, MOD = 7, FLOOR_DIV = 8;
const ATAN2 = 9, EQUAL = 10, NOT_EQUAL = 11, LESS = 12, LESS_EQUAL = 13, GREATER = 14;
const GREATER_EQUAL = 15, LOGICAL_AND = 16, LOGICAL_OR = 17, LOGICAL_XOR = 18;

/** Arithmetic op on doubles (float semantics; NaN propagates through maximum/minimum). */
function arithF64(op: i32, a: f64, b: f64): f64 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case POW: return Math.pow(a, b);
    case MAXIMUM: return a != a || b != b ? NaN : Math.max(a, b);
    case MINIMUM: return a != a || b != b ? NaN : Math.min(a, b);
    case MOD: {
      const r = a % b;
      return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
    case FLOOR_DIV: return Math.floor(a / b);
    case ATAN2: return Math.atan2(a, b);
  }
  unreachable();
  return 0;
}

/** Integer power with wrap-around; negative exponents give the truncated reciprocal. */
function powI32(base: i32, exp: i32): i32 {
  if (exp < 0) return base == 1 ? 1 : base == -1 ? ((exp & 1) != 0 ? -1 : 1) : 0;
  let result = 1;
  let b = base;
  let e = exp;
  while (e > 0) {
    if ((e & 1) != 0) result *= b;
    b *= b;
    e >>= 1;
  }
  return result;
}

/** Arithmetic op on int32 (wrap-around; division and modulo by zero give 0). */
function arithI32(op: i32, a: i32, b: i32): i32 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case POW: return powI32(a, b);
    case MAXIMUM: return a > b ? a : b;
    case MINIMUM: return a < b ? a : b;
    case MOD: {
      if (b == 0) return 0;
      const r = a % b;
      return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
    case DIV: case FLOOR_DIV: {
      if (b == 0) return 0;
      if (b == -1) return 0 - a;
      const q = a / b;
      return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }
  }
  return <i32>arithF64(op, <f64>a, <f64>b);
}

/** Comparison or logical op, 1 or 0. */
@inline
function compare<T>(op: i32, a: T, b: T): u8 {
  switch (op) {
    case EQUAL: return a == b ? 1 : 0;
    case NOT_EQUAL: return a != b ? 1 : 0;
    case LESS: return a < b ? 1 : 0;
    case LESS_EQUAL: return a <= b ? 1 : 0;
    case GREATER: return a > b ? 1 : 0;
    case GREATER_EQUAL: return a >= b ? 1 : 0;
    case LOGICAL_AND: return a != 0 && b != 0 ? 1 : 0;
    case LOGICAL_OR: return a != 0 || b != 0 ? 1 : 0;
    case LOGICAL_XOR: return (a != 0) != (b != 0) ? 1 : 0;
  }
  return 0;
}

/** Arithmetic op in the operand type T. */
@inline
function arith<T>(op: i32, a: T, b: T): T {
  if (isFloat<T>()) return <T>arithF64(op, <f64>a, <f64>b);
  if (sizeof<T>() == 1) return <T>(arithI32(op, <i32>a, <i32>b) != 0 ? 1 : 0);
  return <T>arithI32(op, <i32>a, <i32>b);
}

@inline
function vectorF32(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    case MAXIMUM: return f32x4.max(a, b);
    case MINIMUM: return f32x4.min(a, b);
  }
  return a;
}

@inline
function vectorI32(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return i32x4.add(a, b);
    case SUB: return i32x4.sub(a, b);
    case MUL: return i32x4.mul(a, b);
    case MAXIMUM: return i32x4.max_s(a, b);
    case MINIMUM: return i32x4.min_s(a, b);
  }
  return a;
}

/** Whether (T, op) has a 4-lane SIMD form. */
@inline
function hasVector<T>(op: i32): bool {
  if (sizeof<T>() != 4) return false;
  if (isFloat<T>()) return op <= DIV || op == MAXIMUM || op == MINIMUM;
  return op <= MUL || op == MAXIMUM || op == MINIMUM;
}

@inline
function vectorOp<T>(op: i32, a: v128, b: v128): v128 {
  if (isFloat<T>()) return vectorF32(op, a, b);
  return vectorI32(op, a, b);
}

/** One row of `len` outputs: SIMD fast paths for contiguous and scalar-broadcast operands. */
@inline
function binaryRow<T>(op: i32, pa: usize, sa: i32, pb: usize, sb: i32, po: usize, len: i32): void {
  const size = sizeof<T>();
  let j = 0;
  if (op >= EQUAL) {
    for (; j < len; j++) {
      store<u8>(po + <usize>j, compare<T>(op, load<T>(pa + <usize>(j * sa) * size), load<T>(pb + <usize>(j * sb) * size)));
    }
    return;
  }
  if (hasVector<T>(op)) {
    if (sa == 1 && sb == 1) {
      for (; j + 4 <= len; j += 4) {
        const off = <usize>j << 2;
        v128.store(po + off, vectorOp<T>(op, v128.load(pa + off), v128.load(pb + off)));
      }
    } else if (sa == 0 && sb == 1) {
      const va = v128.load32_splat(pa);
      for (; j + 4 <= len; j += 4) {
        const off = <usize>j << 2;
        v128.store(po + off, vectorOp<T>(op, va, v128.load(pb + off)));
      }
    } else if (sa == 1 && sb == 0) {
      const vb = v128.load32_splat(pb);
      for (; j + 4 <= len; j += 4) {
        const off = <usize>j << 2;
        v128.store(po + off, vectorOp<T>(op, v128.load(pa + off), vb));
      }
    }
  }
  for (; j < len; j++) {
    store<T>(po + <usize>j * size, arith<T>(op, load<T>(pa + <usize>(j * sa) * size), load<T>(pb + <usize>(j * sb) * size)));
  }
}

/** Binary op over this thread's share of rows of the coalesced output space. */
@inline
function binaryKernel<T>(op: i32, a: usize, b: usize, out: usize, rank: i32, dims: usize, aStrides: usize, bStrides: usize, tid: i32, nt: i32): void {
  const rows = rowCount(rank, dims);
  const len = innerSize(rank, dims);
  const sa = innerStride(rank, aStrides);
  const sb = innerStride(rank, bStrides);
  const outSize: usize = op >= EQUAL ? 1 : sizeof<T>();
  const end = partEnd(rows, tid, nt);
  for (let r = partStart(rows, tid, nt); r < end; r++) {
    const pa = a + <usize>rowOffset(r, rank, dims, aStrides) * sizeof<T>();
    const pb = b + <usize>rowOffset(r, rank, dims, bStrides) * sizeof<T>();
    binaryRow<T>(op, pa, sa, pb, sb, out + <usize>r * <usize>len * outSize, len);
  }
}

/** float32 binary. */
export function binary_f32(op: i32, a: usize, b: usize, out: usize, rank: i32, dims: usize, aStrides: usize, bStrides: usize, tid: i32, nt: i32): void {
  binaryKernel<f32>(op, a, b, out, rank, dims, aStrides, bStrides, tid, nt);
}

/** float64 binary. */
export function binary_f64(op: i32, a: usize, b: usize, out: usize, rank: i32, dims: usize, aStrides: usize, bStrides: usize, tid: i32, nt: i32): void {
  binaryKernel<f64>(op, a, b, out, rank, dims, aStrides, bStrides, tid, nt);
}

/** int32 binary. */
export function binary_i32(op: i32, a: usize, b: usize, out: usize, rank: i32, dims: usize, aStrides: usize, bStrides: usize, tid: i32, nt: i32): void {
  binaryKernel<i32>(op, a, b, out, rank, dims, aStrides, bStrides, tid, nt);
}

/** bool binary (arithmetic results are stored as `!= 0`). */
export function binary_u8(op: i32, a: usize, b: usize, out: usize, rank: i32, dims: usize, aStrides: usize, bStrides: usize, tid: i32, nt: i32): void {
  binaryKernel<u8>(op, a, b, out, rank, dims, aStrides, bStrides, tid, nt);
}
