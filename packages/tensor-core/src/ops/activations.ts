/** Activation functions built from primitive ops (their gradients follow automatically). */
import { tidy } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { add, greater, maximum, minimum, mul } from './binary.js';
import { where } from './select.js';
import { erf, expm1, neg, sigmoid, softplus } from './unary.js';

/** x for x > 0, alpha·x otherwise: x [...] → same shape. */
export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  return tidy(() => where(greater(x, 0), x, mul(x, alpha)));
}

/** x for x > 0, alpha·(eˣ − 1) otherwise: x [...] → same shape. */
export function elu(x: Tensor, alpha = 1): Tensor {
  return tidy(() => where(greater(x, 0), x, mul(expm1(x), alpha)));
}

/** Exact GELU: x·Φ(x) = ½x(1 + erf(x/√2)); x [...] → same shape. */
export function gelu(x: Tensor): Tensor {
  return tidy(() => mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1)));
}

/** log σ(x) = −softplus(−x), stable for large |x|: x [...] → same shape. */
export function logSigmoid(x: Tensor): Tensor {
  return tidy(() => neg(softplus(neg(x))));
}

/** min(max(x, 0), 6): x [...] → same shape. */
export function relu6(x: Tensor): Tensor {
  return tidy(() => minimum(maximum(x, 0), 6));
}

/** x·σ(x) (a.k.a. swish): x [...] → same shape. */
export function silu(x: Tensor): Tensor {
  return tidy(() => mul(x, sigmoid(x)));
}
