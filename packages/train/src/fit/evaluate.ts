/** evaluate and predict: the model in eval mode, no gradients, batch by batch, yielding to the event loop. */
import { concat, slice, tidy, withoutRecording, type Tensor } from '@nabla/tensor-core';
import { TrainArgumentError } from '../errors.js';
import type { Metric } from '../metrics/metric.js';
import { defaultForward } from './forward.js';
import { readMeasures } from './measure.js';
import type { AbortSignalLike, BatchSource, ForwardFn, LossFn, TrainableModel } from './types.js';
import { EventLoopYielder } from './yield.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions<M extends TrainableModel> {
  /** Adds `loss` (mean over samples) to the result. */
  readonly loss?: LossFn;
  /** Reset, then accumulated over every batch; their results join the result. */
  readonly metrics?: readonly Metric[];
  /** The forward pass of one batch (default `model.forward(batch.input)`). */
  readonly forward?: ForwardFn<M>;
  /** Stop early: evaluate then throws the signal's reason. */
  readonly signal?: AbortSignalLike;
  /** Yield to the event loop after at most this many milliseconds of work (default 25). */
  readonly yieldEveryMs?: number;
  /** The epoch whose batches to read (default 0). */
  readonly epoch?: number;
}

/** The mean loss and metric results of `model` over every batch of `source`, in eval mode, without recording. */
export async function evaluate<M extends TrainableModel>(model: M, source: BatchSource, options: EvaluateOptions<M> = {}): Promise<Record<string, number>> {
  const { loss, metrics = [], forward = (m: M, b) => defaultForward('evaluate', m, b), signal } = options;
  const epoch = options.epoch ?? 0;
  const yielder = new EventLoopYielder(options.yieldEveryMs ?? 25);
  for (const m of metrics) m.reset();
  const wasTraining = (model as { training?: boolean }).training;
  model.eval?.();
  let lossSum = 0;
  let samples = 0;
  try {
    for (let index = 0; index < source.length; index++) {
      signal?.throwIfAborted();
      const batch = source.batch(epoch, index);
      let measured: { loss: Tensor | null; measures: Tensor[][] };
      try {
        measured = withoutRecording(() => tidy(() => {
          const output = forward(model, batch, { epoch, index, globalStep: 0 });
          return { loss: loss ? loss(output, batch.target) : null, measures: metrics.map((m) => m.measure(output, batch.target)) };
        }));
      } finally {
        batch.input.dispose();
        batch.target.dispose();
      }
      const rows = batch.target.shape[0] ?? 1;
      if (measured.loss) {
        const value = (await measured.loss.data())[0];
        measured.loss.dispose();
        lossSum += value * rows;
      }
      samples += rows;
      await readMeasures(metrics, measured.measures, { rows, elements: batch.target.size });
      await yielder.maybeYield();
    }
  } finally {
    if (wasTraining === true) model.train?.();
  }
  const result: Record<string, number> = {};
  if (loss) result.loss = lossSum / samples;
  for (const m of metrics) Object.assign(result, m.results());
  return result;
}

/** Options of {@link predict}. */
export interface PredictOptions {
  /** Rows per forward pass (default 256). */
  readonly batchSize?: number;
  /** Stop early: predict then throws the signal's reason. */
  readonly signal?: AbortSignalLike;
  /** Yield to the event loop after at most this many milliseconds of work (default 25). */
  readonly yieldEveryMs?: number;
}

/** `model.forward` over the rows of `input` in batches (eval mode, no recording); outputs concatenated on axis 0. */
export async function predict(model: TrainableModel, input: Tensor, options: PredictOptions = {}): Promise<Tensor> {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TrainArgumentError('predict', `batchSize must be a positive integer, got ${batchSize}`);
  if (input.rank === 0) throw new TrainArgumentError('predict', 'input must have a batch axis, got a scalar');
  const yielder = new EventLoopYielder(options.yieldEveryMs ?? 25);
  const wasTraining = (model as { training?: boolean }).training;
  model.eval?.();
  const parts: Tensor[] = [];
  try {
    const n = input.shape[0];
    for (let start = 0; start < n; start += batchSize) {
      options.signal?.throwIfAborted();
      const size = Math.min(batchSize, n - start);
      parts.push(withoutRecording(() => tidy(() => defaultForward('predict', model, { input: slice(input, [start], [size]), target: input }))));
      await yielder.maybeYield();
    }
    if (parts.length === 1) return parts[0];
    return tidy(() => concat(parts, 0));
  } finally {
    if (parts.length > 1) for (const p of parts) p.dispose();
    if (wasTraining === true) model.train?.();
  }
}
