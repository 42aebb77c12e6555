/** The fully connected (affine) layer. */
import { assertTensor, ArgumentError, ShapeError, add, isTensor, matmul, slice, tensor, tidy, type NestedArray, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { fanUniform, type Initializer } from '../init/initializers.js';
import { resolveRng, type InitRngOptions } from '../init/rng-option.js';

/** Options of `Dense`. */
export interface DenseOptions extends InitRngOptions {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /** Weight initialiser (default PyTorch's U(±1/√in)). */
  readonly weightInit?: Initializer;
  /** Bias initialiser (default PyTorch's U(±1/√in)). */
  readonly biasInit?: Initializer;
}

/**
 * Fully connected layer y = x Wᵀ + b with PyTorch's layout: weight [out, in], bias [out].
 * Input [..., in] → output [..., out]. Wᵀ is never materialised: matmul's transposeB flag is used.
 * Default init (PyTorch): weight and bias U(−1/√in, 1/√in).
 *
 * @example
 * ```ts
 * import { Dense } from '@nabla/layers';
 * import { randn } from '@nabla/tensor-core';
 *
 * const layer = new Dense(3, 2, { seed: 1 });   // weight [2, 3], bias [2]
 * const y = layer.forward(randn([5, 3]));       // [5, 2] = x Wᵀ + b
 * ```
 */
export class Dense extends Module {
  /** Input features. */
  readonly inFeatures: number;
  /** Output features. */
  readonly outFeatures: number;
  /** Weight [out, in]. */
  weight: Tensor;
  /** Bias [out], or null without bias. */
  bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options: DenseOptions = {}) {
    super();
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ArgumentError('Dense', `${name} must be a positive integer, got ${v}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const rng = resolveRng(options);
    this.weight = this.registerParameter('weight', (options.weightInit ?? fanUniform(inFeatures))([outFeatures, inFeatures], rng));
    this.bias = options.bias === false ? null : this.registerParameter('bias', (options.biasInit ?? fanUniform(inFeatures))([outFeatures], rng));
  }

  /**
   * A Dense layer from the lecture's augmented matrix Θ ∈ R^{s(j+1)×(s(j)+1)}: column 0 holds the
   * biases, the remaining columns the weights, so Θ·[1; x] = b + W x.
   */
  static fromTheta(theta: Tensor | NestedArray): Dense {
    let layer: Dense | null = null;
    tidy(() => {
      const t = isTensor(theta) ? theta : tensor(theta);
      const m = t.rank === 1 ? t.reshape([1, t.shape[0]]) : t;
      if (m.rank !== 2 || m.shape[1] < 2) {
        throw new ShapeError('Dense.fromTheta', `Θ must be [out, in + 1] with in >= 1, got [${t.shape.join(',')}]`);
      }
      const [out, inPlusOne] = m.shape;
      const dense = new Dense(inPlusOne - 1, out);
      dense.weight.assign(slice(m, [0, 1], [out, inPlusOne - 1]).cast('float32'));
      dense.bias?.assign(slice(m, [0, 0], [out, 1]).reshape([out]).cast('float32'));
      layer = dense;
    });
    return layer as unknown as Dense;
  }

  forward(x: Tensor): Tensor {
    assertTensor('Dense', x, 'input');
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError('Dense', `input [${x.shape.join(',')}] must end in ${this.inFeatures} features`);
    }
    const y = matmul(x, this.weight, { transposeB: true });
    return this.bias ? add(y, this.bias) : y;
  }

  protected override describe(): string {
    return `${this.inFeatures} → ${this.outFeatures}${this.bias ? '' : ', no bias'}`;
  }
}

/** PyTorch's name for Dense. */
export const Linear = Dense;
/** PyTorch's name for Dense. */
export type Linear = Dense;
