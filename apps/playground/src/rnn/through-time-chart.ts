/** Line charts for the recurrent page: a value per time step (log scale) or per training step. */

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
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const n = Math.max(0, ...series.map((s) => s.values.length));
  if (n === 0) return;
  const left = 40;
  const right = width - 8;
  const top = 18;
  const bottom = height - 26;
  const all = series.flatMap((s) => Array.from(s.values)).filter((v) => Number.isFinite(v) && (!axes.log || v > 0));
  let lo: number;
  let hi: number;
  if (axes.log) {
    hi = Math.ceil(Math.log10(Math.max(1e-30, ...all)));
    lo = Math.min(hi - 1, Math.floor(Math.log10(Math.min(...all, 10 ** hi))));
  } else [lo, hi] = axes.yRange ?? [Math.min(0, ...all), Math.max(1e-9, ...all)];
  const yOf = (v: number): number => bottom - (((axes.log ? Math.log10(v) : v) - lo) / (hi - lo)) * (bottom - top);
  const xOf = (i: number): number => left + (n === 1 ? 0 : (i / (n - 1)) * (right - left));
  ctx.font = '10px system-ui, sans-serif';
  ctx.strokeStyle = '#e3e3e3';
  ctx.fillStyle = '#666';
  ctx.lineWidth = 1;
  const ticks = axes.log ? Math.max(1, Math.ceil((hi - lo) / 5)) : (hi - lo) / 4;
  for (let v = lo; v <= hi + 1e-9; v += ticks) {
    const y = yOf(axes.log ? 10 ** v : v);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(axes.log ? `1e${v}` : String(Number(v.toFixed(2))), left - 4, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const i of [0, Math.floor((n - 1) / 2), n - 1]) ctx.fillText(String(i + (axes.xLabel === 't' ? 1 : 0)), xOf(i), bottom + 3);
  ctx.fillText(axes.xLabel, (left + right) / 2, bottom + 13);
  for (const s of series) {
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (!Number.isFinite(v) || (axes.log && v <= 0)) continue;
      if (started) ctx.lineTo(xOf(i), yOf(v));
      else ctx.moveTo(xOf(i), yOf(v));
      started = true;
    }
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  let lx = left;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const s of series) {
    ctx.fillStyle = s.colour;
    ctx.fillRect(lx, 5, 14, 3);
    ctx.fillStyle = '#333';
    ctx.fillText(s.label, lx + 18, 7);
    lx += 26 + ctx.measureText(s.label).width;
  }
}
