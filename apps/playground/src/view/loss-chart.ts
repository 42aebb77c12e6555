/** The live chart of training and test loss per epoch, with axes and a legend. */
import { drawLegend, gridLine, prepareChartCanvas, strokeSeries } from './chart-canvas.js';

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
  const ctx = prepareChartCanvas(canvas, width, height);
  if (ctx === null) return;
  const left = 34;
  const right = width - 4;
  const top = 16;
  const bottom = height - 16;
  ctx.font = '10px system-ui, sans-serif';
  drawLegend(ctx, [['test loss', TEST_COLOUR], ['training loss', TRAIN_COLOUR]], left, { top: 5, thickness: 2, textY: 6, textColour: '#444' });
  const finite = history.flatMap((h) => [h.train, h.test]).filter(Number.isFinite);
  const topValue = Math.max(1e-9, ...finite);
  const y = (v: number): number => bottom - (Math.min(v, topValue) / topValue) * (bottom - top);
  // y axis: 0, half, top
  ctx.strokeStyle = '#e5e5e5';
  ctx.lineWidth = 1;
  ctx.fillStyle = '#666';
  for (const v of [0, topValue / 2, topValue]) gridLine(ctx, y(v), left, right, finite.length === 0 ? '' : Number(v.toPrecision(2)).toString());
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
  const line = (key: 'train' | 'test', colour: string): void =>
    strokeSeries(ctx, history.length, (i) => history[i][key], (i, v) => [x(i), y(v)], { colour, width: 1.5 });
  line('test', TEST_COLOUR);
  line('train', TRAIN_COLOUR);
}
