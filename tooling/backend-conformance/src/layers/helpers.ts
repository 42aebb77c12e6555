/**
 * Shared helpers of the layer sections: fixture arrays, closeness checks, the case type.
 *
 * Fixtures hold float64 values from numpy loops (fixtures/make_fixtures.py); the layer computes in
 * float32 on the backend under test, so every comparison uses one of the suite's tolerance kinds
 * (tolerance.ts): `accumulation` for anything built on sums (dense, conv, norms, recurrent cells,
 * pooling averages), `transcendental` for activations, `exact` for data movement and constants.
 */
import { expect } from 'vitest';
import { tensor, type Tensor } from '@nabla/tensor-core';
import { mismatches } from '../check.js';
import type { Tolerance } from '../tolerance.js';

/** One test of a section: a name and an async body using the current backend. */
export interface SuiteCase {
  readonly name: string;
  readonly run: () => Promise<void>;
}

/** A row-major array as the fixture script writes it. */
export interface FixtureArray {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** A float32 tensor from a fixture array. */
export function fromFixture(a: FixtureArray): Tensor {
  return tensor(Float32Array.from(a.data), [...a.shape]);
}

/** Asserts `t` has `shape` and every value within `tol` of `expected`, reading asynchronously. */
export async function expectClose(t: Tensor, expected: ArrayLike<number>, shape: readonly number[], tol: Tolerance): Promise<void> {
  expect([...t.shape], 'shape').toEqual([...shape]);
  const actual = await t.data();
  expect(actual.length, 'element count').toBe(expected.length);
  expect(mismatches(actual, expected, tol), `values (rtol ${tol.rtol}, atol ${tol.atol})`).toEqual([]);
}

/** Asserts a tensor matches a fixture array within `tol`. */
export async function expectFixture(t: Tensor, expected: FixtureArray, tol: Tolerance): Promise<void> {
  await expectClose(t, expected.data, expected.shape, tol);
}

/** Values of a tensor as a plain array. */
export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}
