/** A single-line terminal progress bar: done/total, loss, accuracy, items per second, ETA. */

/** Values shown after the bar. */
export interface ProgressStats {
  readonly loss?: number;
  readonly accuracy?: number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Redraws one line on a TTY; on a pipe it prints a line every tenth of the way and at the end. */
export class ProgressBar {
  private done = 0;
  private counted = 0;
  private items = 0;
  private readonly start = performance.now();
  private lastDraw = 0;

  /** `unit` names what the rate counts, e.g. 'img' or 'tok'. */
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly width = 28,
  ) {}

  /** Mark `steps` steps as done before this run started (a resumed epoch): shown, not timed. */
  skip(steps: number): void {
    this.done = Math.min(this.total, this.done + steps);
  }

  /** One step that processed `items` items; redraws at most ~10 times a second on a TTY. */
  tick(stats: ProgressStats, items: number): void {
    this.done = Math.min(this.total, this.done + 1);
    this.counted++;
    this.items += items;
    const now = performance.now();
    const isLast = this.done === this.total;
    const tty = this.out.isTTY === true;
    if (tty && now - this.lastDraw < 100 && !isLast) return;
    if (!tty && !isLast && this.done % Math.max(1, Math.floor(this.total / 10)) !== 0) return;
    this.lastDraw = now;
    const line = this.render(stats, (now - this.start) / 1000);
    this.out.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  /** The line for the current state after `elapsedSeconds` of this run. */
  render(stats: ProgressStats, elapsedSeconds: number): string {
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * this.width);
    const bar = '█'.repeat(filled) + '░'.repeat(this.width - filled);
    const rate = elapsedSeconds > 0 ? this.items / elapsedSeconds : 0;
    const secondsPerStep = this.counted > 0 ? elapsedSeconds / this.counted : Number.NaN;
    const parts = [`${this.label} ${bar} ${this.done}/${this.total}`];
    if (stats.loss !== undefined) parts.push(`loss ${stats.loss.toFixed(4)}`);
    if (stats.accuracy !== undefined) parts.push(`acc ${(stats.accuracy * 100).toFixed(2)}%`);
    parts.push(`${Math.round(rate)} ${this.unit}/s`, `ETA ${formatDuration((this.total - this.done) * secondsPerStep)}`);
    return parts.join(' │ ');
  }

  /** Finish the line on a TTY. */
  end(): void {
    if (this.out.isTTY === true) this.out.write('\n');
  }
}
