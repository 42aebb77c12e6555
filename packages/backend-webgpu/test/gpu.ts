/**
 * Test harness: one backend per test file. Without an adapter the suites skip and print why;
 * with `process.env.CI` set a missing adapter fails instead (CI installs the driver).
 */
import type { DType, TensorInfo, TypedArray } from '@nabla/tensor-core';
import { afterAll, expect } from 'vitest';
import { WebGPUUnavailableError } from '../src/errors.js';
import { createWebGPUBackend, type WebGPUBackend } from '../src/webgpu-backend.js';

// Node only (lavapipe wants it); the helpers below are also imported by test-browser suites.
if (typeof process !== 'undefined') process.env.XDG_RUNTIME_DIR ??= '/tmp';

/** The backend, or null (with the reason printed) when this machine has no WebGPU adapter. */
export async function acquireBackend(): Promise<WebGPUBackend | null> {
  try {
    const backend = await createWebGPUBackend();
    afterAll(async () => {
      await backend.flush();
      backend.destroy();
    });
    return backend;
  } catch (error) {
    if (error instanceof WebGPUUnavailableError && !process.env.CI) {
      console.warn(`[backend-webgpu] skipping GPU tests: ${error.message}`);
      return null;
    }
    throw error;
  }
}

/** A seeded pseudo-random generator (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` uniform floats in [lo, hi), rounded to float32. */
export function randomFloats(n: number, seed: number, lo = -2, hi = 2): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** `n` uniform integers in [lo, hi]. */
export function randomInts(n: number, seed: number, lo = -10, hi = 10): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, () => lo + Math.floor((hi - lo + 1) * r()));
}

/** Product of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major strides. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Upload host values as a tensor of `shape` and `dtype`. */
export function upload(backend: WebGPUBackend, values: TypedArray | number[], shape: readonly number[], dtype: DType = 'float32'): TensorInfo {
  const typed = Array.isArray(values)
    ? dtype === 'int32' ? Int32Array.from(values) : dtype === 'bool' ? Uint8Array.from(values) : Float32Array.from(values)
    : values;
  return { dataId: backend.write(typed, dtype), shape, dtype };
}

/** Read a DataId back as plain numbers. */
export async function download(backend: WebGPUBackend, dataId: object): Promise<number[]> {
  return Array.from(await backend.read(dataId));
}

/**
 * Assert `actual` matches `expected` elementwise: NaN must meet NaN, infinities must match
 * exactly, finite values within `atol + rtol·|expected|`.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-6, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const where = `${label}[${i}]: got ${a}, expected ${e}`;
    if (Number.isNaN(e)) expect(Number.isNaN(a), where).toBe(true);
    else if (!Number.isFinite(e)) expect(a, where).toBe(e);
    else expect(Math.abs(a - e) <= atol + rtol * Math.abs(e), where).toBe(true);
  }
}

/** Round through float32 like the device stores values. */
export function f32(x: number): number {
  return Math.fround(x);
}

/** The one-op programs tensor-core sends, run directly (shared by every backend's kernel tests). */
export { binaryK, castK, clipK, unaryK, whereK } from '@nabla/test-kit/programs';
