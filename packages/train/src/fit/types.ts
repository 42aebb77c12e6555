/** The shapes fit, evaluate and predict work on: models, batches, batch sources, losses. */
import type { Tensor } from '@nabla/tensor-core';

/**
 * What fit trains: its parameters, and `train()`/`eval()` to switch modes when present. Without a
 * `forward` option fit calls `model.forward(batch.input)`, which must return the output tensor.
 */
export interface TrainableModel {
  /** The forward pass fit calls as `model.forward(batch.input)` when no `forward` option is given; it must then return a tensor. */
  forward(...inputs: never[]): unknown;
  /** The trainable tensors; fit zeroes their gradients and (with clipGradNorm) clips them. */
  parameters(): Tensor[];
  /** Switch to training mode (dropout on); fit calls it before training and after each validation. */
  train?(mode?: boolean): unknown;
  /** Switch to evaluation mode (dropout off); evaluate and predict call it and restore the mode after. */
  eval?(): unknown;
}

/** One mini-batch. fit disposes `input` and `target` after the step. */
export interface Batch {
  /** What the forward pass reads, batch axis first (e.g. [B, features] or [B, T] token ids). */
  readonly input: Tensor;
  /** What the loss compares the output with; its first axis counts the batch's samples. */
  readonly target: Tensor;
}

/**
 * Batches addressed by (epoch, index), so a resumed run sees exactly the batches the uninterrupted
 * run would: `length` batches per epoch, `batch(epoch, i)` builds batch i of `epoch` (a fresh
 * Batch whose tensors fit owns).
 */
export interface BatchSource {
  /** Batches per epoch (an integer ≥ 1 for fit). */
  readonly length: number;
  /** Batch `index` (0 ≤ index < length) of `epoch`; the same arguments must give the same batch. */
  batch(epoch: number, index: number): Batch;
}

/** Where a step is: epoch and batch index (both from 0), and optimizer steps since the run began. */
export interface StepPosition {
  /** Epoch of the step, from 0. */
  readonly epoch: number;
  /** Batch index within the epoch, from 0. */
  readonly index: number;
  /** Optimizer steps completed before this one since the run began (at onStepEnd: including it). */
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
  /** True once the controller aborted; fit checks it before every step. */
  readonly aborted: boolean;
  /** Throws the abort reason if aborted; evaluate and predict call it before every batch. */
  throwIfAborted(): void;
}
