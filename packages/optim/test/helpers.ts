/** Shared test helpers: the JS backend and float comparisons against float64 references. */
import '@nabla/backend-js';
import '@nabla/autograd';
import { setBackend, type Tensor } from '@nabla/tensor-core';
import { beforeAll, expect } from 'vitest';

/** Select the JS backend before the tests of a file. */
export function useJsBackend(): void {
  beforeAll(async () => {
    await setBackend('js');
  });
}

/** Expect every value of `actual` to be within `tol` (relative to max(1, |expected|)) of `expected`. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(err <= tol)) throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]} (relative error ${err})`);
  }
}

/** The values of `t` as a plain number array. */
export function values(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>);
}
