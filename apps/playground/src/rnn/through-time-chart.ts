/** Line charts for the recurrent page: a value per time step (log scale) or per training step. */
import { drawLegend, gridLine, logDecades, prepareChartCanvas, strokeSeries } from '../view/chart-canvas.js';

/** One named line. */
export interface Series {
  readonly label: string;
  readonly colour: string;
  readonly values: ArrayLike<number>;
}

/** Axis options. */
export interface ChartAxes {
  readonly log: boolean;
  readonly xLabel: string;
  /** Fixed y range (linear charts); log charts fit the data's decades. */
  readonly yRange?: readonly [number, number];
}

/** Draw `series` into `canvas` (CSS width×height) with axes, ticks and a legend. */
export function paintLines(canvas: HTMLCanvasElement, series: readonly Series[], axes: ChartAxes, width: number, height: number): void {
  const ctx = prepareChartCanvas(canvas, width, height);
  if (ctx === null) return;
  const n = Math.max(0, ...series.map((s) => s.values.length));
  if (n === 0) return;
  const left = 40;
  const right = width - 8;
  const top = 18;
  const bottom = height - 26;
  const all = series.flatMap((s) => Array.from(s.values)).filter((v) => Number.isFinite(v) && (!axes.log || v > 0));
  let lo: number;
  let hi: number;
  if (axes.log) [lo, hi] = logDecades(all);
  else [lo, hi] = axes.yRange ?? [Math.min(0, ...all), Math.max(1e-9, ...all)];
  const yOf = (v: number): number => bottom - (((axes.log ? Math.log10(v) : v) - lo) / (hi - lo)) * (bottom - top);
  const xOf = (i: number): number => left + (n === 1 ? 0 : (i / (n - 1)) * (right - left));
  ctx.font = '10px system-ui, sans-serif';
  ctx.strokeStyle = '#e3e3e3';
  ctx.fillStyle = '#666';
  ctx.lineWidth = 1;
  const ticks = axes.log ? Math.max(1, Math.ceil((hi - lo) / 5)) : (hi - lo) / 4;
  for (let v = lo; v <= hi + 1e-9; v += ticks) gridLine(ctx, yOf(axes.log ? 10 ** v : v), left, right, axes.log ? `1e${v}` : String(Number(v.toFixed(2))));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const i of [0, Math.floor((n - 1) / 2), n - 1]) ctx.fillText(String(i + (axes.xLabel === 't' ? 1 : 0)), xOf(i), bottom + 3);
  ctx.fillText(axes.xLabel, (left + right) / 2, bottom + 13);
  for (const s of series) {
    strokeSeries(ctx, s.values.length, (i) => s.values[i], (i, v) => [xOf(i), yOf(v)], { colour: s.colour, width: 2 }, (v) => !axes.log || v > 0);
  }
  drawLegend(ctx, series.map((s) => [s.label, s.colour] as const), left, { top: 5, thickness: 3, textY: 7, textColour: '#333' });
}
