/** Stop training when a monitored figure has not improved for `patience` epochs. */
import { TrainArgumentError } from '../errors.js';
import type { Callback, EpochLog, FitControl } from './callback.js';
import { Monitor, type MonitorOptions } from './monitor.js';

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions extends MonitorOptions {
  /** Epochs without improvement before stopping (default 3). */
  readonly patience?: number;
}

/** Stops fit (status 'stopped') after `patience` epochs without improvement of `monitor`. */
export class EarlyStopping implements Callback {
  /** Key of its state in FitState: `'earlyStopping'`. */
  readonly name = 'earlyStopping';
  private readonly monitor: Monitor;
  private readonly patience: number;
  private waited = 0;

  constructor(options: EarlyStoppingOptions = {}) {
    this.monitor = new Monitor('EarlyStopping', options);
    this.patience = options.patience ?? 3;
    if (!Number.isInteger(this.patience) || this.patience < 1) throw new TrainArgumentError('EarlyStopping', `patience must be a positive integer, got ${this.patience}`);
  }

  /** Count epochs without improvement; stop at `patience`. */
  onEpochEnd(log: EpochLog, control: FitControl): void {
    if (this.monitor.improve(this.monitor.valueOf(log))) this.waited = 0;
    else if (++this.waited >= this.patience) control.stop(`${this.monitor.key} did not improve for ${this.patience} epochs (best ${this.monitor.best})`);
  }

  /** Best value and epochs waited. */
  state(): unknown {
    return { best: this.monitor.best, waited: this.waited };
  }

  /** Restore `state()` output. */
  loadState(state: unknown): void {
    const s = state as { best: number | null; waited: number };
    this.monitor.best = s.best;
    this.waited = s.waited;
  }
}
