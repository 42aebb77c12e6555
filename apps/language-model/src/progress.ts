/** A single-line terminal progress bar: done/total, loss, tokens/s, ETA. */

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Redraws one line on a TTY; on a pipe it prints a line every tenth of the way and at the end. */
export class ProgressBar {
  private done = 0;
  private tokens = 0;
  private readonly start = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly width = 24,
  ) {}

  /** Advance by one step that processed `tokens` tokens, showing the running mean `loss`. */
  tick(loss: number, tokens: number): void {
    this.done = Math.min(this.total, this.done + 1);
    this.tokens += tokens;
    const now = performance.now();
    const isLast = this.done === this.total;
    const tty = this.out.isTTY === true;
    if (tty && now - this.lastDraw < 100 && !isLast) return;
    if (!tty && !isLast && this.done % Math.max(1, Math.floor(this.total / 10)) !== 0) return;
    this.lastDraw = now;
    const line = this.render(loss, (now - this.start) / 1000);
    this.out.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  /** The current line. */
  render(loss: number, elapsedSeconds: number): string {
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * this.width);
    const bar = '█'.repeat(filled) + '░'.repeat(this.width - filled);
    const rate = elapsedSeconds > 0 ? this.tokens / elapsedSeconds : 0;
    const stepsPerSecond = elapsedSeconds > 0 ? this.done / elapsedSeconds : 0;
    const eta = stepsPerSecond > 0 ? (this.total - this.done) / stepsPerSecond : Number.NaN;
    return [`${this.label} ${bar} ${this.done}/${this.total}`, `loss ${loss.toFixed(4)}`, `${Math.round(rate)} tok/s`, `ETA ${formatDuration(eta)}`].join(' │ ');
  }

  /** Finish the line on a TTY. */
  end(): void {
    if (this.out.isTTY === true) this.out.write('\n');
  }
}
