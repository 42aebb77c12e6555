/** The training and reported loss of each problem type, and the output read as a prediction. */
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy } from '@nabla/optim';
import { oneHot, type Tensor } from '@nabla/tensor-core';
import type { ActivationName, LossName } from '../state/state.js';
import { activate, binaryOutputActivation } from './activation.js';

/** How the output layer is read. */
export type OutputKind = 'binary' | 'multiclass' | 'regression';

/** What the loss needs to know about the output. */
export interface OutputSpec {
  readonly kind: OutputKind;
  readonly activation: ActivationName;
  readonly loss: LossName;
  readonly numClasses: number;
}

/**
 * The prediction from logits z [n, k]: binary → P(class 1) [n, 1]; multiclass → softmax [n, K];
 * regression → the activated output [n, 1].
 */
export function predict(spec: OutputSpec, z: Tensor): Tensor {
  if (spec.kind === 'multiclass') return z.softmax(1);
  if (spec.kind === 'regression') return activate(spec.activation, z);
  const act = binaryOutputActivation(spec.activation);
  return act === 'tanh' ? z.tanh().add(1).mul(0.5) : activate(act, z);
}

/**
 * Mean loss of logits z [n, k] against targets [n] (0/1, class ids as float, or values).
 * Cross-entropy is the negative log-likelihood; squared error is TF Playground's ½(o − y)² with
 * o and y on its ±1 scale for classification.
 */
export function lossOf(spec: OutputSpec, z: Tensor, target: Tensor): Tensor {
  const n = target.shape[0];
  if (spec.kind === 'regression') {
    return predict(spec, z).sub(target.reshape([n, 1])).square().mean().mul(0.5);
  }
  if (spec.kind === 'multiclass') {
    const labels = target.cast('int32');
    if (spec.loss === 'crossEntropy') return crossEntropy(z, labels);
    return z.softmax(1).sub(oneHot(labels, spec.numClasses).cast('float32')).square().sum(1).mean().mul(0.5);
  }
  const t = target.reshape([n, 1]);
  if (spec.loss === 'squared') {
    return predict(spec, z).sub(t).mul(2).square().mean().mul(0.5);
  }
  return binaryOutputActivation(spec.activation) === 'sigmoid' ? binaryCrossEntropyWithLogits(z, t) : binaryCrossEntropy(predict(spec, z), t);
}
