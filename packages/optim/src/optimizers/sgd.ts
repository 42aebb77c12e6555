/** Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay. */
import { ArgumentError, type Tensor } from '@nabla/tensor-core';
import { checkFlag, checkNonNegative, type Hyperparameters, withOptions } from './hyper.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/** SGD hyperparameters. */
export interface SGDHyperparameters extends Hyperparameters {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Dampening τ of the momentum's gradient term (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Use Nesterov momentum (needs momentum > 0 and dampening 0). */
  nesterov: boolean;
}

/**
 * PyTorch's SGD: g ← ∇ + λθ; with momentum b ← g at the first step, else b ← μb + (1 − τ)g;
 * then g ← g + μb (Nesterov) or g ← b; finally θ ← θ − lr·g.
 *
 * @example
 * ```ts
 * import { Dense } from '@nabla/layers';
 * import { SGD } from '@nabla/optim';
 *
 * const model = new Dense(3, 1);
 * const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * // per step: optimizer.zeroGrad(); loss.backward(); optimizer.step();
 * ```
 */
export class SGD extends Optimizer<SGDHyperparameters> {
  readonly name = 'SGD';

  constructor(params: ParamsInput<SGDHyperparameters>, options: Partial<SGDHyperparameters> = {}) {
    super('SGD', params, withOptions('SGD', { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false }, options));
  }

  protected validate(h: SGDHyperparameters): void {
    checkNonNegative('SGD', 'lr', h.lr);
    checkNonNegative('SGD', 'momentum', h.momentum);
    checkNonNegative('SGD', 'dampening', h.dampening);
    checkNonNegative('SGD', 'weightDecay', h.weightDecay);
    checkFlag('SGD', 'nesterov', h.nesterov);
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
      throw new ArgumentError('SGD', `Nesterov momentum requires momentum > 0 and dampening 0, got momentum ${h.momentum}, dampening ${h.dampening}`);
    }
  }

  protected bufferNames(h: SGDHyperparameters): string[] {
    return h.momentum !== 0 ? ['momentumBuffer'] : [];
  }

  protected update(param: Tensor, grad: Tensor, h: ParamGroup<SGDHyperparameters>, state: ParamState): void {
    let g = h.weightDecay !== 0 ? grad.add(param.mul(h.weightDecay)) : grad;
    if (h.momentum !== 0) {
      const previous = state.buffers.momentumBuffer as Tensor | undefined;
      const buffer = this.setBuffer(state, 'momentumBuffer', previous ? previous.mul(h.momentum).add(g.mul(1 - h.dampening)) : g);
      g = h.nesterov ? g.add(buffer.mul(h.momentum)) : buffer;
    }
    param.assign(param.sub(g.mul(h.lr)));
  }
}
