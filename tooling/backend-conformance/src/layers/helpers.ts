/** Shared helpers of the layer suites: fixture arrays, closeness checks, the case type. */
import { expect } from 'vitest';
import { tensor, type Tensor } from '@nabla/tensor-core';

/** One test of a suite: a name and an async body using the current backend. */
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

/** Asserts `t` has `shape` and every value within `tol` (absolute + relative) of `expected`. */
export async function expectClose(t: Tensor, expected: ArrayLike<number>, shape: readonly number[], tol = 1e-5): Promise<void> {
  expect([...t.shape]).toEqual([...shape]);
  const actual = await t.data();
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= tol + tol * Math.abs(expected[i]))) {
      throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]} (|diff| ${diff} > tol ${tol})`);
    }
  }
}

/** Asserts a tensor matches a fixture array. */
export async function expectFixture(t: Tensor, expected: FixtureArray, tol = 1e-5): Promise<void> {
  await expectClose(t, expected.data, expected.shape, tol);
}

/** Values of a tensor as a plain array. */
export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}
