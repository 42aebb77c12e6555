/** The default forward pass: `model.forward(batch.input)`, checked to return a tensor. */
import { isTensor, type Tensor } from '@nabla/tensor-core';
import { TrainArgumentError } from '../errors.js';
import type { Batch, TrainableModel } from './types.js';

/** `model.forward(batch.input)`; throws naming `op` when the result is not a tensor (pass a `forward` option then). */
export function defaultForward(op: string, model: TrainableModel, batch: Batch): Tensor {
  const output = (model as unknown as { forward(input: Tensor): unknown }).forward(batch.input);
  if (!isTensor(output)) throw new TrainArgumentError(op, 'model.forward(input) did not return a tensor; pass a `forward` option that does (e.g. for models that return state)');
  return output;
}
