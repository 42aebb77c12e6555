/**
 * Activation functions as modules (parameter-free), for use in `Sequential`. Each maps a tensor
 * of any shape to a tensor of the same shape; Softmax normalises along `axis` (default −1).
 */
import { elu, gelu, leakyRelu, relu, sigmoid, softmax, step, tanh, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';

/** Heaviside step g(z) = 1 if z ≥ 0 else 0 (g(0) = 1), elementwise [...] → [...]; its gradient is zero everywhere. */
export class Step extends Module {
  forward(x: Tensor): Tensor {
    return step(x);
  }
}

/** Logistic sigmoid σ(z) = 1 / (1 + e^(−z)), elementwise: input [...] → output of the same shape [...]. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** Hyperbolic tangent, elementwise: input [...] → output of the same shape [...]. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** Rectified linear unit max(z, 0), elementwise: input [...] → output of the same shape [...]. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** Leaky ReLU: z for z > 0, slope·z otherwise (default slope 0.01); elementwise [...] → [...]. */
export class LeakyReLU extends Module {
  constructor(
    /** Slope applied to negative inputs (default 0.01). */
    readonly negativeSlope = 0.01,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }

  protected override describe(): string {
    return `slope ${this.negativeSlope}`;
  }
}

/** ELU: z for z > 0, α(e^z − 1) otherwise (default α = 1); elementwise [...] → [...]. */
export class ELU extends Module {
  constructor(
    /** α: the value ELU approaches for very negative inputs is −α (default 1). */
    readonly alpha = 1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }

  protected override describe(): string {
    return `alpha ${this.alpha}`;
  }
}

/** Exact GELU z·Φ(z), elementwise: input [...] → output of the same shape [...]. */
export class GELU extends Module {
  forward(x: Tensor): Tensor {
    return gelu(x);
  }
}

/** Softmax along `axis` (default the last): input [...] → output of the same shape [...], summing to 1 along `axis`. */
export class Softmax extends Module {
  constructor(
    /** Axis the probabilities sum to 1 along (default −1, the last); negative counts from the end. */
    readonly axis = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }

  protected override describe(): string {
    return `axis ${this.axis}`;
  }
}
