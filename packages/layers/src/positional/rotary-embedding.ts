/** Rotary position embeddings (RoPE, Su et al. 2021) for queries and keys. */
import { ArgumentError, describeValue, add, concat, mul, neg, reshape, slice, tensor, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { positionRange } from './position-range.js';

/** Options of `RotaryEmbedding`. */
export interface RotaryEmbeddingOptions {
  /** The longest sequence (offset + length) that may be rotated; longer input is a ShapeError. */
  readonly maxLength: number;
  /** Frequency base θ: pair i turns by position · θ^(−2i/dim) (default 10000). */
  readonly base?: number;
  /**
   * Which features form a rotated pair: false (default) pairs feature i with i + dim/2 (GPT-NeoX,
   * LLaMA in Hugging Face), true pairs 2i with 2i + 1 (the paper, GPT-J, Meta's LLaMA).
   */
  readonly interleaved?: boolean;
}

/**
 * Rotates each pair of features of x [..., T, dim] by an angle proportional to its position
 * offset + t: (a, b) → (a cos φ − b sin φ, b cos φ + a sin φ) with φ = (offset + t)·θ^(−2i/dim).
 * Output has the input's shape [..., T, dim]. Parameter-free; applied to queries and keys (split
 * into heads) so that their dot products depend only on relative positions.
 */
export class RotaryEmbedding extends Module<[Tensor, number?], Tensor> {
  /** Features rotated (even). */
  readonly dim: number;
  /** The position table's length. */
  readonly maxLength: number;
  /** Frequency base θ. */
  readonly base: number;
  /** Pairing of features. */
  readonly interleaved: boolean;

  constructor(dim: number, options: RotaryEmbeddingOptions) {
    super();
    if (!Number.isInteger(dim) || dim <= 0 || dim % 2 !== 0) throw new ArgumentError('RotaryEmbedding', `dim must be a positive even integer, got ${dim}`);
    if (typeof options !== 'object' || options === null) {
      throw new ArgumentError('RotaryEmbedding', `options must be an object such as { maxLength: 256 }, got ${describeValue(options)}`);
    }
    if (!Number.isInteger(options.maxLength) || options.maxLength <= 0) {
      throw new ArgumentError('RotaryEmbedding', `maxLength must be a positive integer, got ${options.maxLength}`);
    }
    const base = options.base ?? 10000;
    if (!(base > 1 && Number.isFinite(base))) throw new ArgumentError('RotaryEmbedding', `base must be a finite number > 1, got ${base}`);
    this.dim = dim;
    this.maxLength = options.maxLength;
    this.base = base;
    this.interleaved = options.interleaved ?? false;
  }

  /** The rotation angle of pair `i` at `position`. */
  angle(position: number, i: number): number {
    return position * this.base ** ((-2 * i) / this.dim);
  }

  /** cos and sin tables [T, dim] laid out like the features they multiply. */
  private tables(length: number, offset: number, x: Tensor): [Tensor, Tensor] {
    const half = this.dim / 2;
    const cos = new Float64Array(length * this.dim);
    const sin = new Float64Array(length * this.dim);
    for (let t = 0; t < length; t++) {
      for (let i = 0; i < half; i++) {
        const phi = this.angle(offset + t, i);
        const [a, b] = this.interleaved ? [2 * i, 2 * i + 1] : [i, i + half];
        cos[t * this.dim + a] = cos[t * this.dim + b] = Math.cos(phi);
        sin[t * this.dim + a] = sin[t * this.dim + b] = Math.sin(phi);
      }
    }
    const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
    const cast = (v: Float64Array): Tensor => tensor(dtype === 'float64' ? v : Float32Array.from(v), [length, this.dim], dtype);
    return [cast(cos), cast(sin)];
  }

  /** Each pair (a, b) → (−b, a): the 90° turn that sin multiplies. */
  private turn(x: Tensor): Tensor {
    const lead = x.shape.slice(0, -1);
    if (!this.interleaved) {
      const half = this.dim / 2;
      const first = slice(x, [...lead.map(() => 0), 0], [...lead, half]);
      const second = slice(x, [...lead.map(() => 0), half], [...lead, half]);
      return concat([neg(second), first], -1);
    }
    const pairs = reshape(x, [...lead, this.dim / 2, 2]);
    const evens = slice(pairs, [...lead.map(() => 0), 0, 0], [...lead, this.dim / 2, 1]);
    const odds = slice(pairs, [...lead.map(() => 0), 0, 1], [...lead, this.dim / 2, 1]);
    return reshape(concat([neg(odds), evens], -1), x.shape);
  }

  /** x [..., T, dim] rotated for positions offset … offset + T − 1 → [..., T, dim]. */
  forward(x: Tensor, offset = 0): Tensor {
    const length = positionRange('RotaryEmbedding', x, this.dim, offset, this.maxLength);
    const [cos, sin] = this.tables(length, offset, x);
    return add(mul(x, cos), mul(this.turn(x), sin));
  }

  protected override describe(): string {
    return `dim ${this.dim}, maxLength ${this.maxLength}, base ${this.base}${this.interleaved ? ', interleaved' : ''}`;
  }
}
