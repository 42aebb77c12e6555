// The elementwise interpreter. src/elementwise/elementwise.ts compiles a program into instructions;
// this runs them one block of up to BLOCK elements at a time: each program value lives in a
// per-thread register block (or aliases an input row / the output row directly when its layout
// matches), and every instruction is one tight, mostly SIMD loop from generated/ops.ts.
import { partStart, partEnd } from './partition';
import { rowOffset, rowCount, innerSize, innerStride } from './strided';
import { unaryF32, unaryF64, unaryI32, binaryF32, binaryF64, binaryI32 } from './generated/ops';

export { op_table_fingerprint } from './generated/ops';

/** Elements per block; a register holds BLOCK lanes of up to 8 bytes. */
const BLOCK: i32 = 256;
/** Register lane dtype codes (as src/storage/dtype-layout.ts numbers them). */
const F32 = 0, I32 = 1, BOOL = 2, F64 = 3;
/** Instruction opcodes; every instruction is WORDS int32 words [opcode, w1..w5]. */
const OP_CONST = 1, OP_UNARY = 2, OP_BINARY = 3, OP_WHERE = 4, OP_CAST = 5;
const WORDS = 6;

/** log2 of the bytes per stored element of a dtype code. */
@inline
function storageShift(dtype: i32): i32 {
  return dtype == F64 ? 3 : dtype == BOOL ? 0 : 2;
}

@inline
function reg(table: usize, v: i32): usize {
  return load<usize>(table + (<usize>v << 2));
}

@inline
function setReg(table: usize, v: i32, p: usize): void {
  store<usize>(table + (<usize>v << 2), p);
}

/** Point register v at n elements of an input (element stride `stride` from p), copying when needed. */
function loadInput(dtype: i32, p: usize, stride: i32, block: usize, n: i32, table: usize, v: i32): void {
  if (dtype == BOOL) {
    // bool is stored as bytes and computed as i32 lanes
    if (stride == 0) {
      const x = <i32>load<u8>(p);
      for (let j = 0; j < n; j++) store<i32>(block + (<usize>j << 2), x);
    } else {
      for (let j = 0; j < n; j++) store<i32>(block + (<usize>j << 2), <i32>load<u8>(p + <usize>(j * stride)));
    }
    setReg(table, v, block);
    return;
  }
  if (stride == 1) {
    setReg(table, v, p);
    return;
  }
  setReg(table, v, block);
  if (dtype == F64) {
    if (stride == 0) {
      const x = load<i64>(p);
      for (let j = 0; j < n; j++) store<i64>(block + (<usize>j << 3), x);
    } else {
      for (let j = 0; j < n; j++) store<i64>(block + (<usize>j << 3), load<i64>(p + (<usize>(j * stride) << 3)));
    }
  } else if (stride == 0) {
    const x = i32x4.splat(load<i32>(p));
    for (let j = 0; j < n; j += 4) v128.store(block + (<usize>j << 2), x);
  } else {
    for (let j = 0; j < n; j++) store<i32>(block + (<usize>j << 2), load<i32>(p + (<usize>(j * stride) << 2)));
  }
}

/** n lanes of a constant. */
function fillConst(dtype: i32, value: f64, block: usize, n: i32): void {
  if (dtype == F64) {
    for (let j = 0; j < n; j++) store<f64>(block + (<usize>j << 3), value);
  } else if (dtype == F32) {
    const x = <f32>value;
    for (let j = 0; j < n; j++) store<f32>(block + (<usize>j << 2), x);
  } else {
    const x = <i32>value;
    for (let j = 0; j < n; j++) store<i32>(block + (<usize>j << 2), x);
  }
}

/**
 * n lanes converted between dtype codes: float → int32 truncates toward zero and saturates
 * (AssemblyScript emits WebAssembly's trunc_sat, so NaN → 0), anything → bool is != 0.
 */
function castBlock(from: i32, to: i32, px: usize, po: usize, n: i32): void {
  if (to == BOOL) {
    if (from == F32) for (let j = 0; j < n; j++) store<i32>(po + (<usize>j << 2), load<f32>(px + (<usize>j << 2)) != 0 ? 1 : 0);
    else if (from == F64) for (let j = 0; j < n; j++) store<i32>(po + (<usize>j << 2), load<f64>(px + (<usize>j << 3)) != 0 ? 1 : 0);
    else for (let j = 0; j < n; j++) store<i32>(po + (<usize>j << 2), load<i32>(px + (<usize>j << 2)) != 0 ? 1 : 0);
  } else if (to == F32) {
    if (from == F32) memory.copy(po, px, <usize>n << 2);
    else if (from == F64) for (let j = 0; j < n; j++) store<f32>(po + (<usize>j << 2), <f32>load<f64>(px + (<usize>j << 3)));
    else for (let j = 0; j < n; j++) store<f32>(po + (<usize>j << 2), <f32>load<i32>(px + (<usize>j << 2)));
  } else if (to == F64) {
    if (from == F32) for (let j = 0; j < n; j++) store<f64>(po + (<usize>j << 3), <f64>load<f32>(px + (<usize>j << 2)));
    else if (from == F64) memory.copy(po, px, <usize>n << 3);
    else for (let j = 0; j < n; j++) store<f64>(po + (<usize>j << 3), <f64>load<i32>(px + (<usize>j << 2)));
  } else {
    if (from == F32) for (let j = 0; j < n; j++) store<i32>(po + (<usize>j << 2), <i32>load<f32>(px + (<usize>j << 2)));
    else if (from == F64) for (let j = 0; j < n; j++) store<i32>(po + (<usize>j << 2), <i32>load<f64>(px + (<usize>j << 3)));
    else memory.copy(po, px, <usize>n << 2);
  }
}

/** n lanes of cond ? a : b for lanes of `bytes` (4 or 8) bytes; cond is i32 lanes. */
function whereBlock(bytes: i32, pc: usize, pa: usize, pb: usize, po: usize, n: i32): void {
  if (bytes == 8) {
    for (let j = 0; j < n; j++) {
      const off = <usize>j << 3;
      store<i64>(po + off, select<i64>(load<i64>(pa + off), load<i64>(pb + off), load<i32>(pc + (<usize>j << 2)) != 0));
    }
    return;
  }
  const zero = i32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const off = <usize>j << 2;
    v128.store(po + off, v128.bitselect(v128.load(pa + off), v128.load(pb + off), i32x4.ne(v128.load(pc + off), zero)));
  }
  for (; j < n; j++) {
    const off = <usize>j << 2;
    store<i32>(po + off, select<i32>(load<i32>(pa + off), load<i32>(pb + off), load<i32>(pc + off) != 0));
  }
}

/**
 * Run a compiled program over this thread's share of blocks. `code`: nsteps instructions;
 * `consts`: f64 constants; `inputs`: nin (pointer, dtype code) pairs; `dims` (rank) and `strides`
 * (rank per input): the coalesced output space; `regsBase + tid * regsStride`: this thread's
 * register table and blocks.
 */
export function elementwise_run(
  code: usize, nsteps: i32, consts: usize, inputs: usize, nin: i32, out: usize, outDType: i32,
  rank: i32, dims: usize, strides: usize, regsBase: usize, regsStride: i32, tid: i32, nt: i32,
): void {
  const len = innerSize(rank, dims);
  const perRow = (len + BLOCK - 1) / BLOCK;
  const units = rowCount(rank, dims) * perRow;
  const start = partStart(units, tid, nt);
  const end = partEnd(units, tid, nt);
  if (start >= end) return;
  const table = regsBase + <usize>tid * <usize>regsStride;
  const nvals = nin + nsteps;
  const blocks = table + ((<usize>nvals * 4 + 15) & ~(<usize>15));
  const last = nvals - 1;
  // the output row is the last register itself unless bool (stored as bytes, computed as i32)
  const direct = outDType != BOOL;
  for (let s = 0; s < nsteps; s++) {
    const block = blocks + (<usize>(nin + s) * <usize>BLOCK << 3);
    setReg(table, nin + s, block);
    const ins = code + (<usize>(s * WORDS) << 2);
    if (load<i32>(ins) == OP_CONST) fillConst(load<i32>(ins + 8), load<f64>(consts + (<usize>load<i32>(ins + 12) << 3)), block, BLOCK);
  }
  for (let u = start; u < end; u++) {
    const row = u / perRow;
    const first = (u - row * perRow) * BLOCK;
    const n = min(BLOCK, len - first);
    for (let k = 0; k < nin; k++) {
      const dtype = load<i32>(inputs + (<usize>k << 3) + 4);
      const st = strides + (<usize>(k * rank) << 2);
      const stride = innerStride(rank, st);
      const off = rowOffset(row, rank, dims, st) + first * stride;
      const p = <usize>load<i32>(inputs + (<usize>k << 3)) + (<usize>off << storageShift(dtype));
      loadInput(dtype, p, stride, blocks + (<usize>k * <usize>BLOCK << 3), n, table, k);
    }
    const outPtr = out + (<usize>(row * len + first) << storageShift(outDType));
    if (direct) setReg(table, last, outPtr);
    for (let s = 0; s < nsteps; s++) {
      const ins = code + (<usize>(s * WORDS) << 2);
      const opcode = load<i32>(ins);
      const dst = reg(table, nin + s);
      const w2 = load<i32>(ins + 8);
      const w3 = load<i32>(ins + 12);
      const w4 = load<i32>(ins + 16);
      const w5 = load<i32>(ins + 20);
      if (opcode == OP_UNARY) {
        const x = reg(table, w4);
        if (w2 == F32) unaryF32(w3, x, dst, n);
        else if (w2 == F64) unaryF64(w3, x, dst, n);
        else unaryI32(w3, x, dst, n);
      } else if (opcode == OP_BINARY) {
        const a = reg(table, w4);
        const b = reg(table, w5);
        if (w2 == F32) binaryF32(w3, a, b, dst, n);
        else if (w2 == F64) binaryF64(w3, a, b, dst, n);
        else binaryI32(w3, a, b, dst, n);
      } else if (opcode == OP_WHERE) {
        whereBlock(w2, reg(table, w3), reg(table, w4), reg(table, w5), dst, n);
      } else if (opcode == OP_CAST) {
        castBlock(w2, w3, reg(table, w4), dst, n);
      } else if (direct && s == nsteps - 1) {
        // a constant output: the register is the output row this time
        fillConst(w2, load<f64>(consts + (<usize>w3 << 3)), dst, n);
      }
    }
    if (!direct) {
      const r = reg(table, last);
      for (let j = 0; j < n; j++) store<u8>(outPtr + <usize>j, load<i32>(r + (<usize>j << 2)) != 0 ? 1 : 0);
    }
  }
}
