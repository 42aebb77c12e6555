/** Root-mean-square normalisation over the trailing dimensions (PyTorch 2.4's nn.RMSNorm). */
import { ArgumentError, ShapeError, assertTensor, describeValue, add, fmtShape, mean, mul, ones, rsqrt, square, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';

/** Options of `RMSNorm` (PyTorch 2.4's defaults). */
export interface RMSNormOptions {
  /**
   * Added to the mean square before the square root. Default (PyTorch's `eps=None`): the machine
   * epsilon of the input's dtype, 2⁻²³ for float32 and 2⁻⁵² for float64.
   */
  readonly eps?: number;
  /** Learn `weight` (init 1) of the normalised shape (default true). RMSNorm has no bias. */
  readonly elementwiseAffine?: boolean;
}

/** Machine epsilon by float dtype, PyTorch's `torch.finfo(dtype).eps`. */
const MACHINE_EPS: Readonly<Record<string, number>> = { float32: 2 ** -23, float64: 2 ** -52 };

/**
 * Normalises each sample over its last k dims, the `normalizedShape`, by its root mean square:
 * input [..., *normalizedShape] → same shape, y = x / √(mean(x²) + eps) · weight.
 * Parameter `weight` of shape normalizedShape (init 1); no mean is subtracted and there is no bias.
 */
export class RMSNorm extends Module {
  /** The trailing shape normalised over. */
  readonly normalizedShape: readonly number[];
  /** The epsilon given, or null for the input dtype's machine epsilon. */
  readonly eps: number | null;
  /** Scale, or null without affine parameters. */
  weight: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options: RMSNormOptions = {}) {
    super();
    if (typeof normalizedShape !== 'number' && !Array.isArray(normalizedShape)) {
      throw new ArgumentError('RMSNorm', `normalizedShape must be a positive integer or an array of them, got ${describeValue(normalizedShape)}`);
    }
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...(normalizedShape as readonly number[])];
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ArgumentError('RMSNorm', `normalizedShape must be positive integers, got ${fmtShape(shape)}`);
    }
    if (options.eps !== undefined && !(options.eps >= 0 && Number.isFinite(options.eps))) {
      throw new ArgumentError('RMSNorm', `eps must be a finite number >= 0, got ${options.eps}`);
    }
    this.normalizedShape = shape;
    this.eps = options.eps ?? null;
    this.weight = (options.elementwiseAffine ?? true) ? this.registerParameter('weight', ones(shape)) : null;
  }

  forward(x: Tensor): Tensor {
    assertTensor('RMSNorm', x, 'input');
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError('RMSNorm', `input ${fmtShape(x.shape)} must end in ${fmtShape(this.normalizedShape)}`);
    }
    const eps = this.eps ?? MACHINE_EPS[x.dtype] ?? MACHINE_EPS.float32;
    const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
    const y = mul(x, rsqrt(add(mean(square(x), axes, { keepDims: true }), eps)));
    return this.weight ? mul(y, this.weight) : y;
  }

  protected override describe(): string {
    return `${fmtShape(this.normalizedShape)}, eps ${this.eps ?? 'machine epsilon'}`;
  }
}
