/** Host-side formulas of each activation g(z) and its derivative g′(z), for plotting. */
import type { ActivationName } from '../state/state.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** g(z). */
export function activationValue(name: ActivationName, z: number): number {
  switch (name) {
    case 'relu': return Math.max(0, z);
    case 'tanh': return Math.tanh(z);
    case 'sigmoid': return sigmoid(z);
    case 'linear': return z;
    case 'step': return z > 0 ? 1 : 0;
  }
}

/** g′(z) (ReLU′(0) = 0 and step′ = 0, as autograd uses them). */
export function activationDerivative(name: ActivationName, z: number): number {
  switch (name) {
    case 'relu': return z > 0 ? 1 : 0;
    case 'tanh': return 1 - Math.tanh(z) ** 2;
    case 'sigmoid': return sigmoid(z) * (1 - sigmoid(z));
    case 'linear': return 1;
    case 'step': return 0;
  }
}
