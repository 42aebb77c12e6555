/** Activation functions by name. */
import { relu, sigmoid, step, tanh, type Tensor } from '@nabla/tensor-core';
import type { ActivationName } from '../state/state.js';

/** Apply the named activation elementwise (linear is the identity). */
export function activate(name: ActivationName, z: Tensor): Tensor {
  switch (name) {
    case 'relu': return relu(z);
    case 'tanh': return tanh(z);
    case 'sigmoid': return sigmoid(z);
    case 'step': return step(z);
    case 'linear': return z;
  }
}

/** Output activations that yield a probability for binary classification. */
export const BINARY_OUTPUTS: readonly ActivationName[] = ['sigmoid', 'tanh', 'step'];

/** The output activation actually used for binary classification (sigmoid unless tanh or step). */
export function binaryOutputActivation(name: ActivationName): ActivationName {
  return BINARY_OUTPUTS.includes(name) ? name : 'sigmoid';
}
