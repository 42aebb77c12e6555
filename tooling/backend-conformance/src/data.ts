/** Deterministic test inputs: float32-exact host values plus the matching reference array. */
import { Rng, tensor, type Tensor } from '@nabla/tensor-core';
import { ndarray, numel, type NdArray } from './reference/ndarray.js';

/** A tensor and the float64 reference holding the same values. */
export interface Input {
  readonly t: Tensor;
  readonly ref: NdArray;
}

/** A seeded generator for one test. */
export function rngFor(seed: number): Rng {
  return new Rng(seed);
}

/** Uniform float32 values in [lo, hi) as a tensor plus its reference. */
export function uniform(rng: Rng, shape: readonly number[], lo = -1, hi = 1): Input {
  const host = new Float32Array(numel(shape));
  for (let i = 0; i < host.length; i++) host[i] = lo + (hi - lo) * rng.uniform();
  return { t: tensor(host, shape), ref: ndarray(shape, host) };
}

/** Float32 tensor and reference from explicit values. */
export function fromValues(shape: readonly number[], values: readonly number[]): Input {
  const host = Float32Array.from(values);
  return { t: tensor(host, shape), ref: ndarray(shape, host) };
}

/** Uniform int32 values in [lo, hi). */
export function integers(rng: Rng, shape: readonly number[], lo: number, hi: number): Input {
  const host = new Int32Array(numel(shape));
  for (let i = 0; i < host.length; i++) host[i] = rng.int(lo, hi);
  return { t: tensor(host, shape), ref: ndarray(shape, host) };
}
