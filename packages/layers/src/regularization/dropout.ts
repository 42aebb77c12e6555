/** Inverted dropout. */
import { assertTensor, ArgumentError, mul, tensor, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { resolveRng, type InitRngOptions } from '../init/rng-option.js';
import type { Rng } from '@nabla/tensor-core';

/**
 * In training mode, zeroes each element with probability `p` and scales the survivors by
 * 1/(1−p) so the expectation is unchanged; in eval mode (or p = 0) it is the identity.
 * Any shape in, same shape out: [...] → [...]. Masks come from a seeded Rng (`seed` or `rng` option).
 */
export class Dropout extends Module {
  /** Drop probability in [0, 1]. */
  readonly p: number;
  readonly #rng: Rng;

  constructor(p = 0.5, options: InitRngOptions = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ArgumentError('Dropout', `p must be in [0, 1], got ${p}`);
    this.p = p;
    this.#rng = resolveRng(options);
  }

  forward(x: Tensor): Tensor {
    assertTensor('Dropout', x, 'input');
    if (!this.training || this.p === 0) return x;
    const keepScale = this.p === 1 ? 0 : 1 / (1 - this.p);
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.#rng.uniform() >= this.p ? keepScale : 0;
    const m = tensor(mask, [...x.shape], x.dtype === 'float64' ? 'float64' : 'float32');
    return mul(x, m);
  }

  protected override describe(): string {
    return `p ${this.p}`;
  }
}
