/** Fixed sinusoidal position encodings ("Attention Is All You Need", §3.5). */
import { ArgumentError, add, tensor, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { positionRange } from './position-range.js';

/** Options of `SinusoidalPositionalEmbedding`. */
export interface SinusoidalPositionalEmbeddingOptions {
  /** The longest sequence (offset + length) accepted (default 5000, as in PyTorch's tutorial). */
  readonly maxLength?: number;
  /** Wavelength base (default 10000). */
  readonly base?: number;
}

/**
 * Adds PE[p, 2i] = sin(p / base^(2i/dim)) and PE[p, 2i+1] = cos(p / base^(2i/dim)) to x:
 * input [..., T, dim] (batch first, or unbatched [T, dim]) → same shape, for positions
 * offset … offset + T − 1. No parameters and nothing in the state dict; dim must be even.
 */
export class SinusoidalPositionalEmbedding extends Module<[Tensor, number?], Tensor> {
  /** Features per position (even). */
  readonly dim: number;
  /** The longest sequence accepted. */
  readonly maxLength: number;
  /** Wavelength base. */
  readonly base: number;

  constructor(dim: number, options: SinusoidalPositionalEmbeddingOptions = {}) {
    super();
    if (!Number.isInteger(dim) || dim <= 0 || dim % 2 !== 0) throw new ArgumentError('SinusoidalPositionalEmbedding', `dim must be a positive even integer, got ${dim}`);
    const maxLength = options.maxLength ?? 5000;
    if (!Number.isInteger(maxLength) || maxLength <= 0) throw new ArgumentError('SinusoidalPositionalEmbedding', `maxLength must be a positive integer, got ${maxLength}`);
    const base = options.base ?? 10000;
    if (!(base > 1 && Number.isFinite(base))) throw new ArgumentError('SinusoidalPositionalEmbedding', `base must be a finite number > 1, got ${base}`);
    this.dim = dim;
    this.maxLength = maxLength;
    this.base = base;
  }

  /** The encoding of one position and feature. */
  value(position: number, feature: number): number {
    const i = Math.floor(feature / 2);
    const phi = position / this.base ** ((2 * i) / this.dim);
    return feature % 2 === 0 ? Math.sin(phi) : Math.cos(phi);
  }

  /** The table rows of positions offset … offset + length − 1: → [length, dim]. */
  encodings(length: number, offset = 0, dtype: 'float32' | 'float64' = 'float32'): Tensor {
    const out = new Float64Array(length * this.dim);
    for (let t = 0; t < length; t++) for (let f = 0; f < this.dim; f++) out[t * this.dim + f] = this.value(offset + t, f);
    return tensor(dtype === 'float64' ? out : Float32Array.from(out), [length, this.dim], dtype);
  }

  /** x [..., T, dim] plus the encodings of positions offset … offset + T − 1 → [..., T, dim]. */
  forward(x: Tensor, offset = 0): Tensor {
    const length = positionRange('SinusoidalPositionalEmbedding', x, this.dim, offset, this.maxLength);
    return add(x, this.encodings(length, offset, x.dtype === 'float64' ? 'float64' : 'float32'));
  }

  protected override describe(): string {
    return `dim ${this.dim}, maxLength ${this.maxLength}`;
  }
}
