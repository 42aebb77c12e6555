/** Watching one figure of the epoch logs for improvement (early stopping, keep-best, ReduceLROnPlateau). */
import { TrainArgumentError } from '../errors.js';
import type { EpochLog } from './callback.js';

/** Which figure to watch and whether lower or higher is better. */
export interface MonitorOptions {
  /** A key of EpochLog.values, e.g. 'val_loss' (default) or 'val_accuracy'. */
  readonly monitor?: string;
  /**
   * 'min' or 'max'. Default, as Keras's 'auto': 'max' for scores where higher is better (names
   * containing 'acc', 'auc', 'f1', 'precision', 'recall', 'iou' or 'r2'), 'min' for every other
   * figure (losses, nats, bits, perplexity, errors).
   */
  readonly mode?: 'min' | 'max';
  /** Smallest change that counts as an improvement (default 0). */
  readonly minDelta?: number;
}

/** Figure names where higher is better; any other figure is watched for its minimum. */
const HIGHER_IS_BETTER = /acc|auc|f1|precision|recall|iou|(^|_)r2($|_)/i;

/** Tracks the best value of one monitored figure. */
export class Monitor {
  /** The key of EpochLog.values it watches (default 'val_loss'). */
  readonly key: string;
  /** Whether lower ('min') or higher ('max') values are better. */
  readonly mode: 'min' | 'max';
  /** Smallest change that counts as an improvement (≥ 0). */
  readonly minDelta: number;
  /** The best value seen so far; null before the first epoch. */
  best: number | null = null;

  constructor(owner: string, options: MonitorOptions) {
    this.key = options.monitor ?? 'val_loss';
    this.mode = options.mode ?? (HIGHER_IS_BETTER.test(this.key) ? 'max' : 'min');
    this.minDelta = options.minDelta ?? 0;
    if (!(this.minDelta >= 0)) throw new TrainArgumentError(owner, `minDelta must be >= 0, got ${this.minDelta}`);
    this.owner = owner;
  }

  private readonly owner: string;

  /** The monitored value of `log`; throws naming the available keys when it is missing. */
  valueOf(log: EpochLog): number {
    const value = log.values[this.key];
    if (value === undefined) throw new TrainArgumentError(this.owner, `monitors '${this.key}', but the epoch log has ${Object.keys(log.values).join(', ')} (validation data missing?)`);
    return value;
  }

  /** Whether `value` beats the best so far by more than minDelta; records it as the best if so. */
  improve(value: number): boolean {
    const better = this.best === null || (this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (better) this.best = value;
    return better;
  }
}
