/** A single-line terminal progress bar: done/total, loss, accuracy, images/s, ETA. */

/** Values shown after the bar. */
export interface ProgressStats {
  readonly loss?: number;
  readonly accuracy?: number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Redraws one line on a TTY; on a pipe it prints a line every `pipeEvery` updates and at the end. */
export class ProgressBar {
  private done = 0;
  private readonly start = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly itemsPerStep: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly width = 28,
  ) {}

  /** Advance by `steps` and redraw (at most ~10 times a second on a TTY). */
  tick(stats: ProgressStats = {}, steps = 1): void {
    this.done = Math.min(this.total, this.done + steps);
    const now = performance.now();
    const isLast = this.done === this.total;
    const tty = this.out.isTTY === true;
    if (tty && now - this.lastDraw < 100 && !isLast) return;
    if (!tty && !isLast && this.done % Math.max(1, Math.floor(this.total / 10)) !== 0) return;
    this.lastDraw = now;
    const line = this.render(stats, (now - this.start) / 1000);
    this.out.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  /** Render the current line (exported for tests through `render`). */
  render(stats: ProgressStats, elapsedSeconds: number): string {
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * this.width);
    const bar = '█'.repeat(filled) + '░'.repeat(this.width - filled);
    const rate = elapsedSeconds > 0 ? (this.done * this.itemsPerStep) / elapsedSeconds : 0;
    const eta = rate > 0 ? ((this.total - this.done) * this.itemsPerStep) / rate : Number.NaN;
    const parts = [`${this.label} ${bar} ${this.done}/${this.total}`];
    if (stats.loss !== undefined) parts.push(`loss ${stats.loss.toFixed(4)}`);
    if (stats.accuracy !== undefined) parts.push(`acc ${(stats.accuracy * 100).toFixed(2)}%`);
    parts.push(`${Math.round(rate)} img/s`, `ETA ${formatDuration(eta)}`);
    return parts.join(' │ ');
  }

  /** Finish the line on a TTY. */
  end(): void {
    if (this.out.isTTY === true) this.out.write('\n');
  }
}
