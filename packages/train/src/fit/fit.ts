/**
 * fit: the training loop every Nabla app shares. Batches come by (epoch, index), so a run resumed
 * from a FitState sees exactly the batches, rates and RNG draws the uninterrupted run would; the
 * loop yields to the event loop every few milliseconds (so Ctrl-C handlers and UIs run) and
 * honours an AbortSignal between steps.
 */
import { globalRng, scalar, sqrt, stack, sum, tidy, square, withoutRecording, type Tensor } from '@nabla/tensor-core';
import { clipGradNorm as clipGradients, type Schedule } from '@nabla/optim';
import type { Callback, EpochLog, FitControl, StepLog } from '../callbacks/callback.js';
import { DivergenceError, TrainArgumentError } from '../errors.js';
import type { Metric } from '../metrics/metric.js';
import { evaluate } from './evaluate.js';
import { defaultForward } from './forward.js';
import type { FitResult, FitState, FitStatus, TrainableOptimizer } from './fit-state.js';
import { readMeasures } from './measure.js';
import type { AbortSignalLike, BatchSource, ForwardFn, LossFn, TrainableModel } from './types.js';
import { EventLoopYielder } from './yield.js';

/** Options of {@link fit}: give exactly one of `epochs` and `steps`. */
export interface FitOptions<M extends TrainableModel> {
  /** The training batches, addressed by (epoch, index); fit disposes each batch after its step. */
  readonly train: BatchSource;
  /**
   * Evaluated after every epoch, reported as `val_*`: batches (loss and metrics, via evaluate) or
   * a function giving its own figures (e.g. a language model's held-out stream scoring).
   */
  readonly validation?: BatchSource | ((model: M) => Promise<Record<string, number>>);
  /** Loss of (output, batch.target), a one-element tensor that fit backpropagates (e.g. crossEntropy, mse). */
  readonly loss: LossFn;
  /** Steps the model's parameters; its `lr` when fit begins is the base rate (unless resuming). */
  readonly optimizer: TrainableOptimizer;
  /** Passes over `train`. */
  readonly epochs?: number;
  /** Optimizer steps in all (the last epoch may be partial). */
  readonly steps?: number;
  /** Accumulated over each epoch's training batches and over the validation batches. */
  readonly metrics?: readonly Metric[];
  /** Hooks called in this order at each stage; their names must differ (their states are saved by name). */
  readonly callbacks?: readonly Callback[];
  /** Learning rate at each global step: `schedule.lrAt(step, baseLr)`; without one the rate stays `baseLr`. */
  readonly schedule?: Schedule;
  /** Rescale gradients whose global L2 norm exceeds this bound. */
  readonly clipGradNorm?: number;
  /** Aborting stops training before the next step; fit then returns status 'aborted' with a resumable state. */
  readonly signal?: AbortSignalLike;
  /** The forward pass of one batch (default `model.forward(batch.input)`). */
  readonly forward?: ForwardFn<M>;
  /** Continue a run from the state a previous fit returned (or a checkpoint saved). */
  readonly resume?: FitState;
  /** Yield to the event loop after at most this many milliseconds of training (default 25). */
  readonly yieldEveryMs?: number;
}

function planOf(options: { readonly epochs?: number; readonly steps?: number }): { epochs: number } | { steps: number } {
  const { epochs, steps } = options;
  if ((epochs === undefined) === (steps === undefined)) throw new TrainArgumentError('fit', `give exactly one of epochs and steps, got epochs ${epochs} and steps ${steps}`);
  const value = epochs ?? steps;
  if (!Number.isInteger(value) || (value as number) < 1) throw new TrainArgumentError('fit', `${epochs !== undefined ? 'epochs' : 'steps'} must be a positive integer, got ${value}`);
  return epochs !== undefined ? { epochs } : { steps: steps as number };
}

function checkOptions(options: Pick<FitOptions<TrainableModel>, 'train' | 'clipGradNorm' | 'callbacks' | 'metrics'>): void {
  if (!Number.isInteger(options.train.length) || options.train.length < 1) throw new TrainArgumentError('fit', `the training source must have at least one batch, got length ${options.train.length}`);
  const clip = options.clipGradNorm;
  if (clip !== undefined && !(clip > 0 && Number.isFinite(clip))) throw new TrainArgumentError('fit', `clipGradNorm must be a finite number > 0, got ${clip}`);
  const names = new Set<string>();
  for (const c of options.callbacks ?? []) {
    if (names.has(c.name)) throw new TrainArgumentError('fit', `two callbacks are named '${c.name}'; give each a distinct name (their states are saved by name)`);
    names.add(c.name);
  }
  const metricNames = new Set<string>();
  for (const m of options.metrics ?? []) {
    if (metricNames.has(m.name)) throw new TrainArgumentError('fit', `two metrics are named '${m.name}'`);
    metricNames.add(m.name);
  }
}

function checkResume(state: FitState, plan: FitState['plan'], stepsPerEpoch: number): void {
  if (state.format !== 'nabla-fit-state' || state.version !== 1) throw new TrainArgumentError('fit', 'resume is not a FitState written by this version of @nabla/train');
  if (!(state.index >= 0 && state.index <= stepsPerEpoch)) {
    throw new TrainArgumentError('fit', `resume state is at batch ${state.index} of an epoch, but the training source has ${stepsPerEpoch} batches per epoch (different data or batch size?)`);
  }
  if (state.globalStep !== state.epoch * stepsPerEpoch + state.index) {
    throw new TrainArgumentError('fit', `resume state's step ${state.globalStep} does not match epoch ${state.epoch}, batch ${state.index} at ${stepsPerEpoch} batches per epoch (different data or batch size?)`);
  }
  if (JSON.stringify(state.plan) !== JSON.stringify(plan)) {
    throw new TrainArgumentError('fit', `resume state plans ${JSON.stringify(state.plan)} but this call plans ${JSON.stringify(plan)}`);
  }
}

/** The global L2 norm of the parameters' gradients, as a scalar tensor. */
function gradientNorm(params: readonly Tensor[]): Tensor {
  const parts = params.flatMap((p) => (p.grad ? [sum(square(p.grad.cast('float32')))] : []));
  return parts.length === 0 ? scalar(0) : sqrt(sum(stack(parts)));
}

/**
 * Train `model`; see {@link FitOptions}. Resolves with how it ended and the state to resume from.
 *
 * @example
 * ```ts
 * import { Dense, Sequential, Tanh, Sigmoid } from '@nabla/layers';
 * import { Adam, mse } from '@nabla/optim';
 * import { tensor } from '@nabla/tensor-core';
 * import { fit } from '@nabla/train';
 *
 * const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
 * const y = tensor([[0], [1], [1], [0]]);
 * const model = new Sequential(new Dense(2, 8), new Tanh(), new Dense(8, 1), new Sigmoid());
 * const result = await fit(model, {
 *   train: { length: 1, batch: () => ({ input: x.clone(), target: y.clone() }) }, // fit disposes each batch
 *   loss: mse,
 *   optimizer: new Adam(model.parameters(), { lr: 0.05 }),
 *   epochs: 300,
 * });
 * console.log(result.status, result.epochs.at(-1));
 * ```
 */
export async function fit<M extends TrainableModel>(model: M, options: FitOptions<M>): Promise<FitResult> {
  checkOptions(options);
  const plan = planOf(options);
  const { train, optimizer, loss, schedule, signal, validation } = options;
  const metrics = options.metrics ?? [];
  const callbacks = options.callbacks ?? [];
  const forward: ForwardFn<M> = options.forward ?? ((m, b) => defaultForward('fit', m, b));
  const stepsPerEpoch = train.length;
  const totalSteps = 'epochs' in plan ? plan.epochs * stepsPerEpoch : plan.steps;
  const params = model.parameters();
  const yielder = new EventLoopYielder(options.yieldEveryMs ?? 25);

  let epoch = 0;
  let index = 0;
  let globalStep = 0;
  let lossSum = 0;
  let samples = 0;
  let stopReason: string | null = null;
  let finished = false;
  const control: FitControl = {
    model, optimizer, stepsPerEpoch, totalSteps, baseLr: optimizer.lr, lr: optimizer.lr, wantGradNorm: false,
    stop: (reason) => { stopReason ??= reason; },
    snapshot: () => ({
      format: 'nabla-fit-state', version: 1, epoch, index, globalStep, plan, baseLr: control.baseLr,
      epochLoss: { sum: lossSum, samples }, metrics: Object.fromEntries(metrics.map((m) => [m.name, m.state()])),
      callbacks: Object.fromEntries(callbacks.filter((c) => c.state).map((c) => [c.name, c.state?.()])),
      rng: globalRng.getState(), finished,
    }),
  };
  if (options.resume) {
    const s = options.resume;
    checkResume(s, plan, stepsPerEpoch);
    ({ epoch, index, globalStep } = s);
    control.baseLr = s.baseLr;
    lossSum = s.epochLoss.sum;
    samples = s.epochLoss.samples;
    for (const m of metrics) if (s.metrics[m.name]) m.loadState(s.metrics[m.name]);
    for (const c of callbacks) if (c.loadState && c.name in s.callbacks) c.loadState(s.callbacks[c.name]);
    globalRng.setState(s.rng);
    finished = s.finished;
  }
  if (index === stepsPerEpoch) { epoch += 1; index = 0; }

  const epochs: EpochLog[] = [];
  const status = (): FitStatus => (signal?.aborted ? 'aborted' : stopReason !== null ? 'stopped' : 'completed');
  model.train?.();
  for (const c of callbacks) await c.onTrainBegin?.(control);
  let epochStart = performance.now();
  let epochSamples = 0;
  outer:
  while (!finished && globalStep < totalSteps) {
    if (index === 0) {
      lossSum = 0;
      samples = 0;
      for (const m of metrics) m.reset();
      for (const c of callbacks) await c.onEpochBegin?.(epoch, control);
    }
    epochStart = performance.now();
    epochSamples = 0;
    while (index < stepsPerEpoch && globalStep < totalSteps) {
      if (signal?.aborted || stopReason !== null) break outer;
      const position = { epoch, index, globalStep };
      control.lr = schedule ? schedule.lrAt(globalStep, control.baseLr) : control.baseLr;
      for (const c of callbacks) await c.onStepBegin?.(position, control);
      optimizer.lr = control.lr;
      const batch = train.batch(epoch, index);
      const wantNorm = control.wantGradNorm || options.clipGradNorm !== undefined;
      let out: { loss: Tensor; norm: Tensor | null; measures: Tensor[][] };
      try {
        out = tidy(() => {
          optimizer.zeroGrad();
          const output = forward(model, batch, position);
          const l = loss(output, batch.target);
          l.backward();
          let norm: Tensor | null = null;
          if (options.clipGradNorm !== undefined) norm = clipGradients(params, options.clipGradNorm);
          else if (wantNorm) norm = withoutRecording(() => gradientNorm(params));
          optimizer.step();
          const detached = output.detach();
          const measures = withoutRecording(() => metrics.map((m) => m.measure(detached, batch.target)));
          return { loss: l.detach(), norm, measures };
        });
      } finally {
        batch.input.dispose();
        batch.target.dispose();
      }
      const rows = batch.target.shape[0] ?? 1;
      const lossValue = (await out.loss.data())[0];
      out.loss.dispose();
      const gradNorm = out.norm ? (await out.norm.data())[0] : null;
      out.norm?.dispose();
      await readMeasures(metrics, out.measures, { rows, elements: batch.target.size });
      if (!Number.isFinite(lossValue)) {
        throw new DivergenceError('fit', `the loss is ${lossValue} at epoch ${epoch + 1}, batch ${index + 1} (step ${globalStep + 1}); try a smaller learning rate or clipGradNorm`);
      }
      lossSum += lossValue * rows;
      samples += rows;
      epochSamples += rows;
      globalStep += 1;
      index += 1;
      const log: StepLog = { epoch, index: index - 1, globalStep, loss: lossValue, lr: control.lr, gradNorm, samples: rows, stepsPerEpoch };
      for (const c of callbacks) await c.onStepEnd?.(log, control);
      await yielder.maybeYield();
    }
    const seconds = (performance.now() - epochStart) / 1000;
    const values: Record<string, number> = { loss: lossSum / samples };
    for (const m of metrics) Object.assign(values, m.results());
    const epochDone = index === stepsPerEpoch;
    if (epochDone) {
      if (validation) {
        const v = typeof validation === 'function' ? await validation(model) : await evaluate(model, validation, { loss, metrics, forward, epoch: 0 });
        for (const [k, value] of Object.entries(v)) values[`val_${k}`] = value;
        model.train?.();
      }
      epoch += 1;
      index = 0;
    }
    finished = globalStep >= totalSteps;
    if (epochDone) {
      const log: EpochLog = { epoch: epoch - 1, globalStep, values, seconds, samplesPerSecond: epochSamples / seconds };
      epochs.push(log);
      for (const c of callbacks) await c.onEpochEnd?.(log, control);
      if (stopReason !== null) finished = true;
    }
  }
  optimizer.zeroGrad();
  const result: FitResult = { status: finished && stopReason === null ? 'completed' : status(), reason: stopReason, state: control.snapshot(), epochs };
  for (const c of callbacks) await c.onTrainEnd?.(result, control);
  return result;
}
