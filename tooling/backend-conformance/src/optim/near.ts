/** Closeness assertion on host arrays, shared by the optim sections. */
import { expect } from 'vitest';
import { mismatches } from '../check.js';
import type { Tolerance } from '../tolerance.js';

/** Assert `actual` has the length of `expected` and every element is within `tol`. */
export function expectNear(actual: readonly number[], expected: readonly number[], tol: Tolerance): void {
  expect(actual.length, 'element count').toBe(expected.length);
  expect(mismatches(actual, expected, tol), `values (rtol ${tol.rtol}, atol ${tol.atol})`).toEqual([]);
}
