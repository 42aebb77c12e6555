/** Layer normalisation over the trailing dimensions. */
import { assertTensor, describeValue, ArgumentError, ShapeError, add, div, mean, mul, ones, sqrt, square, sub, zeros, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';

/** Options of `LayerNorm` (PyTorch's defaults). */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
  /** Learn `weight` (init 1) and `bias` (init 0) of the normalised shape (default true). */
  readonly elementwiseAffine?: boolean;
}

/**
 * Normalises each sample over its last k dims, the `normalizedShape`: input [..., *normalizedShape]
 * → same shape, y = (x − mean)/√(var + eps)·weight + bias with the biased variance.
 * Parameters weight and bias of shape normalizedShape (init 1 and 0).
 */
export class LayerNorm extends Module {
  /** The trailing shape normalised over. */
  readonly normalizedShape: readonly number[];
  /** Variance epsilon. */
  readonly eps: number;
  /** Scale, or null without affine parameters. */
  weight: Tensor | null;
  /** Shift, or null without affine parameters. */
  bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    if (typeof normalizedShape !== 'number' && !Array.isArray(normalizedShape)) {
      throw new ArgumentError('LayerNorm', `normalizedShape must be a positive integer or an array of them, got ${describeValue(normalizedShape)}`);
    }
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...(normalizedShape as readonly number[])];
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ArgumentError('LayerNorm', `normalizedShape must be positive integers, got [${shape.join(',')}]`);
    }
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine ? this.registerParameter('weight', ones(shape)) : null;
    this.bias = affine ? this.registerParameter('bias', zeros(shape)) : null;
  }

  forward(x: Tensor): Tensor {
    assertTensor('LayerNorm', x, 'input');
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError('LayerNorm', `input [${x.shape.join(',')}] must end in [${this.normalizedShape.join(',')}]`);
    }
    const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
    // the mean once, its deviations shared by the variance and the output (`variance` would take
    // the mean again: one more reduction forward and one more broadcast backward)
    const centered = sub(x, mean(x, axes, { keepDims: true }));
    const sigma2 = mean(square(centered), axes, { keepDims: true });
    let y = div(centered, sqrt(add(sigma2, this.eps)));
    if (this.weight) y = mul(y, this.weight);
    if (this.bias) y = add(y, this.bias);
    return y;
  }

  protected override describe(): string {
    return `[${this.normalizedShape.join(',')}], eps ${this.eps}`;
  }
}
