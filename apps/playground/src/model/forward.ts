/** The multilayer perceptron's forward pass written with plain ops on explicit parameters. */
import { matmul, type Tensor } from '@nabla/tensor-core';
import type { ActivationName } from '../state/state.js';
import { activate } from './activation.js';

/** One affine layer's parameters: weight [out, in], bias [out]. */
export interface AffineParams {
  readonly weight: Tensor;
  readonly bias: Tensor;
}

/**
 * Hidden activations and the output pre-activation z = W·a + b of the last layer.
 * `afterHidden` runs on each hidden layer's activation (dropout during training).
 */
export function forwardLayers(
  x: Tensor, layers: readonly AffineParams[], hiddenActs: readonly ActivationName[], afterHidden?: (a: Tensor, layer: number) => Tensor,
): { hidden: Tensor[]; logits: Tensor } {
  const hidden: Tensor[] = [];
  let a = x;
  for (let i = 0; i < layers.length; i++) {
    const z = matmul(a, layers[i].weight, { transposeB: true }).add(layers[i].bias);
    if (i === layers.length - 1) return { hidden, logits: z };
    const h = activate(hiddenActs[i], z);
    hidden.push(h);
    a = afterHidden ? afterHidden(h, i) : h;
  }
  throw new RangeError('forwardLayers: a network needs at least its output layer');
}
