/** The shapes fit, evaluate and predict work on: models, batches, batch sources, losses. */
import type { Tensor } from '@nabla/tensor-core';

/**
 * What fit trains: its parameters, and `train()`/`eval()` to switch modes when present. Without a
 * `forward` option fit calls `model.forward(batch.input)`, which must return the output tensor.
 */
export interface TrainableModel {
  forward(...inputs: never[]): unknown;
  parameters(): Tensor[];
  train?(mode?: boolean): unknown;
  eval?(): unknown;
}

/** One mini-batch. fit disposes `input` and `target` after the step. */
export interface Batch {
  readonly input: Tensor;
  readonly target: Tensor;
}

/**
 * Batches addressed by (epoch, index), so a resumed run sees exactly the batches the uninterrupted
 * run would: `length` batches per epoch, `batch(epoch, i)` builds batch i of `epoch` (a fresh
 * Batch whose tensors fit owns).
 */
export interface BatchSource {
  readonly length: number;
  batch(epoch: number, index: number): Batch;
}

/** Where a step is: epoch and batch index (both from 0), and optimizer steps since the run began. */
export interface StepPosition {
  readonly epoch: number;
  readonly index: number;
  readonly globalStep: number;
}

/**
 * The forward pass of one batch: `model.forward(batch.input)` unless fit is given its own (e.g.
 * a recurrent model that carries its state from batch to batch). Runs inside the step's `tidy`.
 */
export type ForwardFn<M extends TrainableModel> = (model: M, batch: Batch, position: StepPosition) => Tensor;

/** A loss of (output, target): a scalar tensor, e.g. optim's crossEntropy or mse. */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/**
 * What fit, evaluate and predict read from an `AbortSignal` (pass one from an AbortController),
 * named by its members so the declarations compile without the DOM lib.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  throwIfAborted(): void;
}
