/** Keep the best model seen so far by a monitored figure. */
import { keep, tidy, type Tensor } from '@nabla/tensor-core';
import type { Callback, EpochLog, FitControl } from './callback.js';
import { Monitor, type MonitorOptions } from './monitor.js';

/** Options of {@link KeepBest}. */
export interface KeepBestOptions extends MonitorOptions {
  /**
   * Called (and awaited) whenever the monitored figure improves, e.g. to write a checkpoint. Without
   * it, KeepBest keeps a copy of the parameters in memory; `restore()` copies them back.
   */
  readonly save?: (log: EpochLog, control: FitControl) => void | Promise<void>;
}

/** After each epoch, saves the model when `monitor` (default 'val_loss') is the best so far. */
export class KeepBest implements Callback {
  /** Key of its state in FitState: `'keepBest'`. */
  readonly name = 'keepBest';
  private readonly monitor: Monitor;
  private copies: Tensor[] | null = null;
  /** The epoch (from 0) of the best model so far, or null. */
  bestEpoch: number | null = null;

  constructor(private readonly options: KeepBestOptions = {}) {
    this.monitor = new Monitor('KeepBest', options);
  }

  /** The best monitored value so far. */
  get best(): number | null {
    return this.monitor.best;
  }

  /** Save (or copy) the model when the monitored figure improves. */
  async onEpochEnd(log: EpochLog, control: FitControl): Promise<void> {
    if (!this.monitor.improve(this.monitor.valueOf(log))) return;
    this.bestEpoch = log.epoch;
    if (this.options.save) {
      await this.options.save(log, control);
      return;
    }
    this.dispose();
    this.copies = control.model.parameters().map((p) => tidy(() => keep(p.detach().add(0))));
  }

  /** Copy the best in-memory parameters back into `model` (no-op with a `save` function or before any epoch). */
  restore(model: { parameters(): Tensor[] }): void {
    const copies = this.copies;
    if (!copies) return;
    model.parameters().forEach((p, i) => p.assign(copies[i]));
  }

  /** Free the in-memory copy. */
  dispose(): void {
    for (const t of this.copies ?? []) t.dispose();
    this.copies = null;
  }

  /** Best value and its epoch. */
  state(): unknown {
    return { best: this.monitor.best, bestEpoch: this.bestEpoch };
  }

  /** Restore `state()` output. */
  loadState(state: unknown): void {
    const s = state as { best: number | null; bestEpoch: number | null };
    this.monitor.best = s.best;
    this.bestEpoch = s.bestEpoch;
  }
}
