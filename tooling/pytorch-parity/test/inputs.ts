/** Seeded inputs for the cases: normal, uniform and integer tensors from one stream per case. */
import { Rng, rand, randint, randn, type Tensor } from '@nabla/tensor-core';

/** A generator of seeded test tensors. */
export interface Draw {
  normal(shape: readonly number[], std?: number): Tensor;
  uniform(shape: readonly number[], low: number, high: number): Tensor;
  integers(low: number, high: number, shape: readonly number[]): Tensor;
}

/** A seeded generator. */
export function draw(seed: number): Draw {
  const rng = new Rng(seed);
  return {
    normal: (shape, std = 1) => randn([...shape], 0, std, { rng }),
    uniform: (shape, low, high) => rand([...shape], low, high, { rng }),
    integers: (low, high, shape) => randint(low, high, [...shape], { rng }),
  };
}
