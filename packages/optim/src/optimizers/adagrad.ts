/** Adagrad: per-coordinate learning rates shrinking with the accumulated squared gradients. */
import { fullLike, type Tensor } from '@nabla/tensor-core';
import { checkNonNegative, type Hyperparameters, withOptions } from './hyper.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/** Adagrad hyperparameters. */
export interface AdagradHyperparameters extends Hyperparameters {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay d: the rate at step t is lr / (1 + (t − 1)·d) (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the accumulator (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for stability (default 1e-10). */
  eps: number;
}

/** PyTorch's Adagrad: g ← ∇ + λθ; s ← s + g²; θ ← θ − lr/(1 + (t−1)d) · g / (√s + ε). */
export class Adagrad extends Optimizer<AdagradHyperparameters> {
  readonly name = 'Adagrad';

  constructor(params: ParamsInput<AdagradHyperparameters>, options: Partial<AdagradHyperparameters> = {}) {
    super('Adagrad', params, withOptions('Adagrad', { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 }, options));
  }

  protected validate(h: AdagradHyperparameters): void {
    checkNonNegative('Adagrad', 'lr', h.lr);
    checkNonNegative('Adagrad', 'lrDecay', h.lrDecay);
    checkNonNegative('Adagrad', 'weightDecay', h.weightDecay);
    checkNonNegative('Adagrad', 'initialAccumulatorValue', h.initialAccumulatorValue);
    checkNonNegative('Adagrad', 'eps', h.eps);
  }

  protected bufferNames(): string[] {
    return ['sum'];
  }

  protected update(param: Tensor, grad: Tensor, h: ParamGroup<AdagradHyperparameters>, state: ParamState): void {
    const g = h.weightDecay !== 0 ? grad.add(param.mul(h.weightDecay)) : grad;
    const previous = (state.buffers.sum as Tensor | undefined) ?? fullLike(param, h.initialAccumulatorValue);
    const sum = this.setBuffer(state, 'sum', previous.add(g.square()));
    const clr = h.lr / (1 + (state.step - 1) * h.lrDecay);
    param.assign(param.sub(g.div(sum.sqrt().add(h.eps)).mul(clr)));
  }
}
