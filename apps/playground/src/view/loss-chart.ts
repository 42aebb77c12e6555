/** The live chart of training and test loss per epoch, with axes and a legend. */

/** One recorded epoch. */
export interface LossPoint {
  readonly epoch: number;
  readonly train: number;
  readonly test: number;
}

const TEST_COLOUR = '#222';
const TRAIN_COLOUR = '#999';

/** Draw both loss curves into `canvas` (CSS size width×height), y from 0 to the largest finite loss. */
export function paintLossChart(canvas: HTMLCanvasElement, history: readonly LossPoint[], width: number, height: number): void {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const left = 34;
  const right = width - 4;
  const top = 16;
  const bottom = height - 16;
  ctx.font = '10px system-ui, sans-serif';
  // legend
  let lx = left;
  for (const [label, colour] of [['test loss', TEST_COLOUR], ['training loss', TRAIN_COLOUR]] as const) {
    ctx.fillStyle = colour;
    ctx.fillRect(lx, 5, 14, 2);
    ctx.fillStyle = '#444';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(label, lx + 18, 6);
    lx += 26 + ctx.measureText(label).width;
  }
  const finite = history.flatMap((h) => [h.train, h.test]).filter(Number.isFinite);
  const topValue = Math.max(1e-9, ...finite);
  const y = (v: number): number => bottom - (Math.min(v, topValue) / topValue) * (bottom - top);
  // y axis: 0, half, top
  ctx.strokeStyle = '#e5e5e5';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  for (const v of [0, topValue / 2, topValue]) {
    ctx.beginPath();
    ctx.moveTo(left, y(v));
    ctx.lineTo(right, y(v));
    ctx.stroke();
    ctx.fillStyle = '#666';
    ctx.fillText(finite.length === 0 ? '' : Number(v.toPrecision(2)).toString(), left - 4, y(v));
  }
  if (history.length === 0) return;
  // x axis: first and last epoch
  const first = history[0].epoch;
  const last = history[history.length - 1].epoch;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(`epoch ${first}`, left, bottom + 3);
  ctx.textAlign = 'right';
  ctx.fillText(String(last), right, bottom + 3);
  if (history.length < 2) return;
  const x = (i: number): number => left + (i / (history.length - 1)) * (right - left);
  const line = (key: 'train' | 'test', colour: string): void => {
    ctx.beginPath();
    let started = false;
    history.forEach((h, i) => {
      const v = h[key];
      if (!Number.isFinite(v)) return;
      if (started) ctx.lineTo(x(i), y(v));
      else ctx.moveTo(x(i), y(v));
      started = true;
    });
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  };
  line('test', TEST_COLOUR);
  line('train', TRAIN_COLOUR);
}
