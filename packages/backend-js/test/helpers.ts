/** Test helpers: tensors on a fresh backend, seeded data and index arithmetic for naive references. */
import type { DType, TensorInfo, TypedArray } from '@nabla/tensor-core';
import { JsBackend } from '../src/js-backend.js';
import { withOutShapes } from '@nabla/test-kit/routine-shapes';

/** A fresh backend per test file. */
export const backend = new JsBackend();

/** Upload `values` with `shape` and `dtype` and describe it as a TensorInfo. */
export function make(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): TensorInfo {
  const host = dtype === 'float64' ? Float64Array.from(values)
    : dtype === 'int32' ? Int32Array.from(values)
      : dtype === 'bool' ? Uint8Array.from(values)
        : Float32Array.from(values);
  return { dataId: backend.write(host, dtype), shape, dtype };
}

/** Read a DataId back synchronously as plain numbers. */
export function read(dataId: object): number[] {
  return Array.from(backend.readSync(dataId));
}

/** Read a DataId back as its typed array. */
export function readTyped(dataId: object): TypedArray {
  return backend.readSync(dataId);
}

/** Deterministic pseudo-random numbers in [lo, hi) (mulberry32). */
export function randoms(count: number, seed: number, lo = -1, hi = 1): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(lo + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo));
  }
  return out;
}

/** Product of the dims. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Multi-index of flat position `i` in a row-major `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    idx[ax] = i % shape[ax];
    i = Math.floor(i / shape[ax]);
  }
  return idx;
}

/** Flat position of a multi-index in a row-major `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let ax = 0; ax < shape.length; ax++) i = i * shape[ax] + idx[ax];
  return i;
}

/** Flat index into `inShape` read by output multi-index `outIdx` under NumPy broadcasting. */
export function broadcastSource(outIdx: readonly number[], inShape: readonly number[]): number {
  const offset = outIdx.length - inShape.length;
  return ravel(inShape.map((d, ax) => (d === 1 ? 0 : outIdx[ax + offset])), inShape);
}

/** Round to float32 like a Float32Array store. */
export const f32 = Math.fround;

/** Expect every element close to the reference (relative + absolute tolerance), NaN matching NaN. */
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!Number.isFinite(e)) throw new Error(`element ${i}: got ${a}, expected ${e}`);
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (tol ${tol})`);
    }
  }
}

/** The one-op programs tensor-core sends, run directly (shared by every backend's kernel tests). */
export { binaryK, castK, clipK, unaryK, whereK } from '@nabla/test-kit/programs';

/** The backend's routines called with the output shapes test-kit works out for their operands. */
export const routines = withOutShapes(backend);
