/** Logging epoch (and optionally step) figures as CSV or JSON lines to any text sink. */
import type { Callback, EpochLog, StepLog } from './callback.js';

/** Receives whole lines (without the newline): a file appender, console.log, an array push... */
export type LineSink = (line: string) => void | Promise<void>;

/** Options of {@link MetricsLog}. */
export interface MetricsLogOptions {
  /** 'csv' (a header line, then one row per epoch) or 'jsonl' (one JSON object per epoch). */
  readonly format: 'csv' | 'jsonl';
  /** Receives each line, awaited in order. */
  readonly sink: LineSink;
}

/** Writes every epoch log as a CSV row or a JSON line: epoch, step, seconds, then every figure. */
export class MetricsLog implements Callback {
  /** Callback name: `metricsLog-csv` or `metricsLog-jsonl`, so one of each may run together. */
  readonly name: string;
  private columns: string[] | null = null;

  constructor(private readonly options: MetricsLogOptions) {
    this.name = `metricsLog-${options.format}`;
  }

  /** Write one epoch. */
  async onEpochEnd(log: EpochLog): Promise<void> {
    const row: Record<string, number> = { epoch: log.epoch + 1, step: log.globalStep, seconds: log.seconds, ...log.values };
    if (this.options.format === 'jsonl') {
      await this.options.sink(JSON.stringify(row));
      return;
    }
    if (this.columns === null) {
      this.columns = Object.keys(row);
      await this.options.sink(this.columns.join(','));
    }
    await this.options.sink(this.columns.map((c) => (row[c] === undefined ? '' : String(row[c]))).join(','));
  }

  /** The CSV columns chosen (so a resumed log does not repeat the header). */
  state(): unknown {
    return { columns: this.columns };
  }

  /** Restore `state()` output. */
  loadState(state: unknown): void {
    this.columns = (state as { columns: string[] | null }).columns;
  }
}

/** Options of {@link GradientNormLog}. */
export interface GradientNormLogOptions {
  /** Receives each `step,norm` line, awaited in order. */
  readonly sink: LineSink;
  /** Log every this many steps (default 1). */
  readonly everySteps?: number;
}

/** Asks fit for the global gradient norm every step and writes `step,norm` lines (norm before clipping). */
export class GradientNormLog implements Callback {
  /** Callback name: `'gradientNormLog'`. */
  readonly name = 'gradientNormLog';

  constructor(private readonly options: GradientNormLogOptions) {}

  /** Ask fit to measure the norm. */
  onTrainBegin(control: { wantGradNorm: boolean }): void {
    control.wantGradNorm = true;
  }

  /** Write the step's norm. */
  async onStepEnd(log: StepLog): Promise<void> {
    if (log.gradNorm === null || log.globalStep % (this.options.everySteps ?? 1) !== 0) return;
    await this.options.sink(`${log.globalStep},${log.gradNorm}`);
  }
}
