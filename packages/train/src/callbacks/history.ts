/** Record per-step and per-epoch figures (what reports plot); resumes with the run. */
import { TrainArgumentError } from '../errors.js';
import type { Callback, EpochLog, StepLog } from './callback.js';

/** One recorded step: the mean loss since the previous record, the rate, and the gradient norm if measured. */
export interface StepRecord {
  /** Optimizer steps completed when recorded (a multiple of `everySteps`). */
  readonly step: number;
  /** Epoch as a fraction: 1.5 is half-way through the second epoch. */
  readonly epoch: number;
  /** Mean training loss over the steps since the previous record. */
  readonly loss: number;
  /** Learning rate of the recorded step. */
  readonly lr: number;
  /** Global gradient norm of the recorded step before clipping; absent when fit did not measure it. */
  readonly gradNorm?: number;
}

/** Everything a History holds (JSON-able). */
export interface HistoryData {
  /** One record every `everySteps` optimizer steps, in order. */
  readonly steps: StepRecord[];
  /** Every finished epoch's log, in order. */
  readonly epochs: EpochLog[];
}

/** Records the mean loss every `everySteps` steps and every epoch log. */
export class History implements Callback {
  /** Key of its state in FitState: `'history'`. */
  readonly name = 'history';
  /** What has been recorded so far (also across a resume). */
  data: HistoryData = { steps: [], epochs: [] };
  private lossSum = 0;
  private count = 0;

  constructor(private readonly everySteps = 1) {
    if (!Number.isInteger(everySteps) || everySteps < 1) throw new TrainArgumentError('History', `everySteps must be a positive integer, got ${everySteps}`);
  }

  /** Accumulate; record every `everySteps` steps. */
  onStepEnd(log: StepLog): void {
    this.lossSum += log.loss;
    this.count += 1;
    if (log.globalStep % this.everySteps !== 0) return;
    const record: StepRecord = { step: log.globalStep, epoch: log.epoch + (log.index + 1) / log.stepsPerEpoch, loss: this.lossSum / this.count, lr: log.lr };
    this.data.steps.push(log.gradNorm === null ? record : { ...record, gradNorm: log.gradNorm });
    this.lossSum = 0;
    this.count = 0;
  }

  /** Record the epoch. */
  onEpochEnd(log: EpochLog): void {
    this.data.epochs.push(log);
  }

  /** Everything recorded, plus the pending partial average. */
  state(): unknown {
    return { ...this.data, pending: [this.lossSum, this.count] };
  }

  /** Restore `state()` output. */
  loadState(state: unknown): void {
    const s = state as HistoryData & { pending?: [number, number] };
    if (!Array.isArray(s.steps) || !Array.isArray(s.epochs)) throw new TrainArgumentError('History.loadState', 'expected { steps: [...], epochs: [...] }');
    this.data = { steps: s.steps, epochs: s.epochs };
    [this.lossSum, this.count] = s.pending ?? [0, 0];
  }
}
