/** A one-line progress display per epoch: done/total, loss, accuracy, rate, ETA. */
import type { Callback, EpochLog, FitControl, StepLog } from './callback.js';

/** Where progress goes: `write` text (a TTY redraws one line with '\r'). */
export interface ProgressSink {
  /** Receives text as is: whole lines ending in '\n', or on a TTY '\r'-prefixed redraws of one line. */
  write(text: string): void;
  /** Whether the sink is a terminal that understands '\r' redraws (default false: one line per update). */
  readonly isTTY?: boolean;
}

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** Default: process.stderr in Node, console.log lines elsewhere. */
  readonly sink?: ProgressSink;
  /** Unit of the rate, e.g. 'img' or 'tok' (default 'samples'). */
  readonly unit?: string;
  /** Bar width in characters (default 28). */
  readonly width?: number;
}

function defaultSink(): ProgressSink {
  const stderr = (globalThis as { process?: { stderr?: ProgressSink } }).process?.stderr;
  return stderr ?? { write: (text) => console.log(text.trimEnd()), isTTY: false };
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Draws a progress bar for each epoch (on a pipe: a line every tenth of the epoch), then the epoch's figures. */
export class Progress implements Callback {
  /** Callback name (it keeps no state): `'progress'`. */
  readonly name = 'progress';
  private readonly sink: ProgressSink;
  private start = 0;
  private steps = 0;
  private samples = 0;
  private lossSum = 0;
  private lossSamples = 0;
  private lastDraw = 0;

  constructor(private readonly options: ProgressOptions = {}) {
    this.sink = options.sink ?? defaultSink();
  }

  /** Reset the counters for a new epoch (or a resumed one). */
  onEpochBegin(): void {
    this.restart();
  }

  /** Start timing (a resumed epoch starts mid-way). */
  onTrainBegin(): void {
    this.restart();
  }

  private restart(): void {
    this.start = performance.now();
    this.steps = 0;
    this.samples = 0;
    this.lossSum = 0;
    this.lossSamples = 0;
  }

  /** Redraw (at most 10 times a second on a TTY). */
  onStepEnd(log: StepLog, control: FitControl): void {
    this.steps += 1;
    this.samples += log.samples;
    this.lossSum += log.loss * log.samples;
    this.lossSamples += log.samples;
    const done = log.index + 1;
    const last = done === log.stepsPerEpoch;
    const now = performance.now();
    const tty = this.sink.isTTY === true;
    if (tty && now - this.lastDraw < 100 && !last) return;
    if (!tty && !last && done % Math.max(1, Math.floor(log.stepsPerEpoch / 10)) !== 0) return;
    this.lastDraw = now;
    const elapsed = (now - this.start) / 1000;
    const width = this.options.width ?? 28;
    const filled = Math.round((done / log.stepsPerEpoch) * width);
    const epochs = Math.ceil(control.totalSteps / log.stepsPerEpoch);
    const line = [
      `epoch ${log.epoch + 1}/${epochs} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${log.stepsPerEpoch}`,
      `loss ${(this.lossSum / this.lossSamples).toFixed(4)}`,
      `${Math.round(this.samples / Math.max(elapsed, 1e-9))} ${this.options.unit ?? 'samples'}/s`,
      `ETA ${clock((log.stepsPerEpoch - done) * (elapsed / this.steps))}`,
    ].join(' │ ');
    this.sink.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  /** End the redrawn line. */
  onEpochEnd(_log: EpochLog): void {
    if (this.sink.isTTY === true) this.sink.write('\n');
  }
}
