/** Adam and AdamW: adaptive moment estimation with bias correction. */
import { maximum, type Tensor } from '@nabla/tensor-core';
import { checkFlag, checkNonNegative, checkUnitInterval, type Hyperparameters, withOptions } from './hyper.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

/** Adam/AdamW hyperparameters. */
export interface AdamHyperparameters extends Hyperparameters {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay β₁ of the first-moment average (default 0.9). */
  beta1: number;
  /** Decay β₂ of the second-moment average (default 0.999). */
  beta2: number;
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** Adam: L2 penalty added to the gradient; AdamW: decoupled decay (defaults 0 and 1e-2). */
  weightDecay: number;
  /** Use the running maximum of the second moment (AMSGrad; default false). */
  amsgrad: boolean;
}

function firstMoment(state: ParamState, g: Tensor, beta1: number): Tensor {
  const m = state.buffers.expAvg as Tensor | undefined;
  return m ? m.mul(beta1).add(g.mul(1 - beta1)) : g.mul(1 - beta1);
}

function secondMoment(state: ParamState, g: Tensor, beta2: number): Tensor {
  const v = state.buffers.expAvgSq as Tensor | undefined;
  const g2 = g.square().mul(1 - beta2);
  return v ? v.mul(beta2).add(g2) : g2;
}

/** What Adam and AdamW share: validation and buffers. */
abstract class AdamBase extends Optimizer<AdamHyperparameters> {
  protected validate(h: AdamHyperparameters): void {
    checkNonNegative(this.constructorName(), 'lr', h.lr);
    checkUnitInterval(this.constructorName(), 'beta1', h.beta1);
    checkUnitInterval(this.constructorName(), 'beta2', h.beta2);
    checkNonNegative(this.constructorName(), 'eps', h.eps);
    checkNonNegative(this.constructorName(), 'weightDecay', h.weightDecay);
    checkFlag(this.constructorName(), 'amsgrad', h.amsgrad);
  }

  protected bufferNames(h: AdamHyperparameters): string[] {
    return h.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq'];
  }

  /** One Adam step on gradient `g` (weight decay, if any, already applied). */
  protected adamStep(param: Tensor, g: Tensor, h: AdamHyperparameters, state: ParamState): void {
    const t = state.step;
    const m = this.setBuffer(state, 'expAvg', firstMoment(state, g, h.beta1));
    const v = this.setBuffer(state, 'expAvgSq', secondMoment(state, g, h.beta2));
    let vHat = v;
    if (h.amsgrad) {
      const previousMax = state.buffers.maxExpAvgSq as Tensor | undefined;
      vHat = this.setBuffer(state, 'maxExpAvgSq', previousMax ? maximum(previousMax, v) : v);
    }
    const biasCorrection1 = 1 - h.beta1 ** t;
    const biasCorrection2 = 1 - h.beta2 ** t;
    const denom = vHat.sqrt().div(Math.sqrt(biasCorrection2)).add(h.eps);
    param.assign(param.sub(m.div(denom).mul(h.lr / biasCorrection1)));
  }

  private constructorName(): string {
    return this instanceof AdamW ? 'AdamW' : 'Adam';
  }
}

/**
 * Adam (Kingma & Ba) as in PyTorch: g ← ∇ + λθ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
 * θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
 *
 * @example
 * ```ts
 * import { Dense } from '@nabla/layers';
 * import { Adam, mse } from '@nabla/optim';
 * import { randn, tidy } from '@nabla/tensor-core';
 *
 * const model = new Dense(3, 1);
 * const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
 * const x = randn([16, 3]);
 * const y = randn([16, 1]);
 * tidy(() => {
 *   optimizer.zeroGrad();
 *   mse(model.forward(x), y).backward();
 *   optimizer.step();
 * });
 * ```
 */
export class Adam extends AdamBase {
  readonly name = 'Adam';

  constructor(params: ParamsInput<AdamHyperparameters>, options: Partial<AdamHyperparameters> = {}) {
    super('Adam', params, withOptions('Adam', { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false }, options));
  }

  protected update(param: Tensor, grad: Tensor, h: ParamGroup<AdamHyperparameters>, state: ParamState): void {
    this.adamStep(param, h.weightDecay !== 0 ? grad.add(param.mul(h.weightDecay)) : grad, h, state);
  }
}

/**
 * AdamW (Loshchilov & Hutter): decay decoupled from the gradient, θ ← θ(1 − lr·λ), then the
 * Adam step on the raw gradient.
 */
export class AdamW extends AdamBase {
  readonly name = 'AdamW';

  constructor(params: ParamsInput<AdamHyperparameters>, options: Partial<AdamHyperparameters> = {}) {
    super('AdamW', params, withOptions('AdamW', { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2, amsgrad: false }, options));
  }

  protected update(param: Tensor, grad: Tensor, h: ParamGroup<AdamHyperparameters>, state: ParamState): void {
    if (h.weightDecay !== 0) param.assign(param.mul(1 - h.lr * h.weightDecay));
    this.adamStep(param, grad, h, state);
  }
}
