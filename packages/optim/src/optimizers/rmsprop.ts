/** RMSprop: divide the gradient by a running root-mean-square of recent gradients. */
import type { Tensor } from '@nabla/tensor-core';
import { checkFlag, checkNonNegative, checkUnitInterval, type Hyperparameters, withOptions } from './hyper.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/** RMSprop hyperparameters. */
export interface RMSpropHyperparameters extends Hyperparameters {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Normalise by the estimated variance instead of the raw second moment (default false). */
  centered: boolean;
}

/**
 * PyTorch's RMSprop: g ← ∇ + λθ; s ← αs + (1−α)g²; with `centered`, ḡ ← αḡ + (1−α)g and
 * d = √(s − ḡ²) + ε, else d = √s + ε; with momentum b ← μb + g/d and θ ← θ − lr·b, else θ ← θ − lr·g/d.
 */
export class RMSprop extends Optimizer<RMSpropHyperparameters> {
  readonly name = 'RMSprop';

  constructor(params: ParamsInput<RMSpropHyperparameters>, options: Partial<RMSpropHyperparameters> = {}) {
    super('RMSprop', params, withOptions('RMSprop', { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false }, options));
  }

  protected validate(h: RMSpropHyperparameters): void {
    checkNonNegative('RMSprop', 'lr', h.lr);
    checkUnitInterval('RMSprop', 'alpha', h.alpha);
    checkNonNegative('RMSprop', 'eps', h.eps);
    checkNonNegative('RMSprop', 'weightDecay', h.weightDecay);
    checkNonNegative('RMSprop', 'momentum', h.momentum);
    checkFlag('RMSprop', 'centered', h.centered);
  }

  protected bufferNames(h: RMSpropHyperparameters): string[] {
    const names = ['squareAvg'];
    if (h.momentum > 0) names.push('momentumBuffer');
    if (h.centered) names.push('gradAvg');
    return names;
  }

  protected update(param: Tensor, grad: Tensor, h: ParamGroup<RMSpropHyperparameters>, state: ParamState): void {
    const g = h.weightDecay !== 0 ? grad.add(param.mul(h.weightDecay)) : grad;
    const previousSquare = state.buffers.squareAvg as Tensor | undefined;
    const g2 = g.square().mul(1 - h.alpha);
    const squareAvg = this.setBuffer(state, 'squareAvg', previousSquare ? previousSquare.mul(h.alpha).add(g2) : g2);
    let variance = squareAvg;
    if (h.centered) {
      const previousGrad = state.buffers.gradAvg as Tensor | undefined;
      const g1 = g.mul(1 - h.alpha);
      const gradAvg = this.setBuffer(state, 'gradAvg', previousGrad ? previousGrad.mul(h.alpha).add(g1) : g1);
      variance = squareAvg.sub(gradAvg.square());
    }
    const denom = variance.sqrt().add(h.eps);
    if (h.momentum > 0) {
      const previous = state.buffers.momentumBuffer as Tensor | undefined;
      const scaled = g.div(denom);
      const buffer = this.setBuffer(state, 'momentumBuffer', previous ? previous.mul(h.momentum).add(scaled) : scaled);
      param.assign(param.sub(buffer.mul(h.lr)));
    } else {
      param.assign(param.sub(g.div(denom).mul(h.lr)));
    }
  }
}
