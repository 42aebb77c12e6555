/** Asynchronous assertions on tensors: every read goes through `await t.data()`. */
import { expect } from 'vitest';
import { fmtShape, type DType, type Tensor } from '@nabla/tensor-core';
import type { NdArray } from './reference/ndarray.js';
import { isClose, type Tolerance } from './tolerance.js';

/** Host copy of a tensor's values as plain numbers (−0 reported as 0, so exact checks ignore the zero's sign). */
export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data(), (v) => (v === 0 ? 0 : v));
}

/** Positions where `actual` and `expected` differ beyond `tol`, described for the failure message. */
export function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, limit = 5): string[] {
  const out: string[] = [];
  for (let i = 0; i < expected.length && out.length < limit; i++) {
    if (!isClose(actual[i], expected[i], tol)) out.push(`[${i}] got ${actual[i]}, expected ${expected[i]}`);
  }
  return out;
}

/**
 * Assert shape, dtype (when given) and values of `t` against an expectation, reading asynchronously.
 * `expected` is a flat list or a reference NdArray (whose shape is checked too).
 */
export async function expectTensor(
  t: Tensor,
  expected: NdArray | { readonly shape: readonly number[]; readonly values: ArrayLike<number> },
  tol: Tolerance,
  dtype?: DType,
): Promise<void> {
  const want = 'data' in expected ? expected.data : expected.values;
  expect(t.shape, 'shape').toEqual([...expected.shape]);
  if (dtype !== undefined) expect(t.dtype, 'dtype').toBe(dtype);
  const got = await t.data();
  expect(got.length, 'element count').toBe(want.length);
  expect(mismatches(got, want, tol), `values of ${t.dtype} ${fmtShape(t.shape)}`).toEqual([]);
}

/** Assert the exact values (and optionally dtype) of `t`. */
export async function expectValues(t: Tensor, expected: readonly number[], dtype?: DType): Promise<void> {
  if (dtype !== undefined) expect(t.dtype, 'dtype').toBe(dtype);
  expect(await values(t)).toEqual(expected.map((v) => (v === 0 ? 0 : v)));
}

/** Assert that `fn` throws an error of class `type` whose message contains every fragment. */
export function expectThrows(fn: () => unknown, type: abstract new (...args: never[]) => Error, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an error').toBeInstanceOf(type);
  const message = (caught as Error).message;
  for (const f of fragments) expect(message).toContain(f);
}
