/** The callback protocol: hooks fit awaits at each stage, and the control they steer training with. */
import type { TrainableModel, StepPosition } from '../fit/types.js';
import type { FitResult, FitState, TrainableOptimizer } from '../fit/fit-state.js';

/** Figures of one finished optimizer step. */
export interface StepLog extends StepPosition {
  /** This step's mean loss. */
  readonly loss: number;
  /** Learning rate used by this step. */
  readonly lr: number;
  /** Global gradient norm before clipping (only when clipGradNorm or a callback asked for it). */
  readonly gradNorm: number | null;
  /** Samples (target rows) in the batch. */
  readonly samples: number;
  /** Batches per epoch. */
  readonly stepsPerEpoch: number;
}

/** Figures of one finished epoch: `loss` and the metrics on the training batches, `val_*` on validation. */
export interface EpochLog {
  /** The epoch that finished (from 0). */
  readonly epoch: number;
  /** Optimizer steps since the run began. */
  readonly globalStep: number;
  /** Mean training loss (weighted by samples) and training metrics, then `val_loss` and `val_<metric>`. */
  readonly values: Readonly<Record<string, number>>;
  /** Wall-clock seconds of training in this epoch during this invocation (validation excluded). */
  readonly seconds: number;
  /** Samples per second over those seconds. */
  readonly samplesPerSecond: number;
}

/** What callbacks may read and change while fit runs. */
export interface FitControl {
  /** The model being trained (callbacks such as KeepBest read its state dict). */
  readonly model: TrainableModel;
  /** The optimizer fit steps; its `lr` is set from `lr` before each step. */
  readonly optimizer: TrainableOptimizer;
  /** Batches per epoch. */
  readonly stepsPerEpoch: number;
  /** Optimizer steps the run plans in all (epochs × stepsPerEpoch, or `steps`). */
  readonly totalSteps: number;
  /** The rate schedules scale (the optimizer's rate when fit began, or as restored); ReduceLROnPlateau lowers it. */
  baseLr: number;
  /** The rate of the step about to run; `onStepBegin` may replace it (OneCycle does). */
  lr: number;
  /** Ask fit to compute the global gradient norm every step (gradient-norm logging). */
  wantGradNorm: boolean;
  /** Stop after the current epoch (or at once, between steps); `reason` ends up in the result. */
  stop(reason: string): void;
  /** The state a checkpoint needs to resume exactly here (JSON-able; includes every callback's state). */
  snapshot(): FitState;
}

/**
 * Hooks fit calls (and awaits) in order. `name` keys the callback's `state()` inside FitState, so
 * stateful callbacks (early stopping, keep-best, ReduceLROnPlateau, history) resume exactly.
 */
export interface Callback {
  /** Unique among the run's callbacks: the key of its state in FitState (fit throws TrainArgumentError on a repeat). */
  readonly name: string;
  /** Once per fit call, before the first step (also when resuming). */
  onTrainBegin?(control: FitControl): void | Promise<void>;
  /** At the start of each epoch (`epoch` from 0), before its first batch; not for an epoch resumed midway. */
  onEpochBegin?(epoch: number, control: FitControl): void | Promise<void>;
  /** Before each step, after `control.lr` is set from the schedule; may change `control.lr` for this step. */
  onStepBegin?(position: StepPosition, control: FitControl): void | Promise<void>;
  /** After each optimizer step, with its loss, rate and (when asked for) gradient norm. */
  onStepEnd?(log: StepLog, control: FitControl): void | Promise<void>;
  /** After each complete epoch and its validation, with the epoch's figures. */
  onEpochEnd?(log: EpochLog, control: FitControl): void | Promise<void>;
  /** Once at the end, whatever the status, with what fit is about to return. */
  onTrainEnd?(result: FitResult, control: FitControl): void | Promise<void>;
  /** JSON-able state to save with a checkpoint. */
  state?(): unknown;
  /** Restore `state()` output. */
  loadState?(state: unknown): void;
}
