/** Lower the learning rate when a monitored figure stops improving. */
import { TrainArgumentError } from '../errors.js';
import type { Callback, EpochLog, FitControl } from './callback.js';
import { Monitor, type MonitorOptions } from './monitor.js';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions extends MonitorOptions {
  /** Multiply the rate by this after a plateau (default 0.1). */
  readonly factor?: number;
  /** Epochs without improvement that make a plateau (default 2). */
  readonly patience?: number;
  /** Never go below this rate (default 0). */
  readonly minLr?: number;
}

/** After `patience` epochs without improvement, multiplies fit's base rate by `factor` (PyTorch's ReduceLROnPlateau). */
export class ReduceLROnPlateau implements Callback {
  /** Key of its state in FitState: `'reduceLROnPlateau'`. */
  readonly name = 'reduceLROnPlateau';
  private readonly monitor: Monitor;
  private readonly factor: number;
  private readonly patience: number;
  private readonly minLr: number;
  private waited = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    this.monitor = new Monitor('ReduceLROnPlateau', options);
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 2;
    this.minLr = options.minLr ?? 0;
    if (!(this.factor > 0 && this.factor < 1)) throw new TrainArgumentError('ReduceLROnPlateau', `factor must be in (0, 1), got ${this.factor}`);
    if (!Number.isInteger(this.patience) || this.patience < 1) throw new TrainArgumentError('ReduceLROnPlateau', `patience must be a positive integer, got ${this.patience}`);
  }

  /** Reduce control.baseLr after a plateau. */
  onEpochEnd(log: EpochLog, control: FitControl): void {
    if (this.monitor.improve(this.monitor.valueOf(log))) {
      this.waited = 0;
    } else if (++this.waited >= this.patience) {
      control.baseLr = Math.max(this.minLr, control.baseLr * this.factor);
      this.waited = 0;
    }
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
