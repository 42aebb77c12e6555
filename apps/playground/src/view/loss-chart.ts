/** The live chart of training and test loss per epoch. */

/** One recorded epoch. */
export interface LossPoint {
  readonly epoch: number;
  readonly train: number;
  readonly test: number;
}

/** Draw both loss curves into `canvas` (CSS size width×height), y from 0 to the largest finite loss. */
export function paintLossChart(canvas: HTMLCanvasElement, history: readonly LossPoint[], width: number, height: number): void {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  if (history.length < 2) return;
  const finite = history.flatMap((h) => [h.train, h.test]).filter(Number.isFinite);
  const top = Math.max(1e-9, ...finite);
  const x = (i: number): number => (i / (history.length - 1)) * (width - 2) + 1;
  const y = (v: number): number => height - 1 - (Math.min(v, top) / top) * (height - 4);
  const line = (key: 'train' | 'test', color: string): void => {
    ctx.beginPath();
    let started = false;
    history.forEach((h, i) => {
      const v = h[key];
      if (!Number.isFinite(v)) return;
      if (started) ctx.lineTo(x(i), y(v));
      else ctx.moveTo(x(i), y(v));
      started = true;
    });
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  };
  line('test', '#222');
  line('train', '#999');
}
