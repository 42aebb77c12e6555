/** What the playground's canvas charts share: a HiDPI canvas, log-decade fitting, grid lines, polylines, legends. */

/** Size `canvas` to CSS width×height at the device pixel ratio and return its cleared 2D context (null without one). */
export function prepareChartCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (ctx === null) return null;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** The whole decades [lo, hi] (powers of ten) that cover the positive `values`, at least one decade apart. */
export function logDecades(values: readonly number[]): readonly [number, number] {
  const hi = Math.ceil(Math.log10(Math.max(1e-30, ...values)));
  return [Math.min(hi - 1, Math.floor(Math.log10(Math.min(...values, 10 ** hi)))), hi];
}

/** A horizontal grid line at `y` from `left` to `right`, labelled right-aligned just left of `left`. */
export function gridLine(ctx: CanvasRenderingContext2D, y: number, left: number, right: number, label: string): void {
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(right, y);
  ctx.stroke();
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, left - 4, y);
}

/** Stroke one line through the finite values `at(i)` (i < n) that `keep` accepts, skipping the others. */
export function strokeSeries(
  ctx: CanvasRenderingContext2D, n: number, at: (i: number) => number, point: (i: number, v: number) => readonly [number, number],
  style: { readonly colour: string; readonly width: number }, keep: (v: number) => boolean = () => true,
): void {
  ctx.beginPath();
  let started = false;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (!Number.isFinite(v) || !keep(v)) continue;
    const [x, y] = point(i, v);
    if (started) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    started = true;
  }
  ctx.strokeStyle = style.colour;
  ctx.lineWidth = style.width;
  ctx.stroke();
}

/** A legend along the top edge from `left`: a colour swatch (14 px wide, `thickness` high) and a label per entry. */
export function drawLegend(
  ctx: CanvasRenderingContext2D, entries: readonly (readonly [label: string, colour: string])[], left: number,
  swatch: { readonly top: number; readonly thickness: number; readonly textY: number; readonly textColour: string },
): void {
  let x = left;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const [label, colour] of entries) {
    ctx.fillStyle = colour;
    ctx.fillRect(x, swatch.top, 14, swatch.thickness);
    ctx.fillStyle = swatch.textColour;
    ctx.fillText(label, x + 18, swatch.textY);
    x += 26 + ctx.measureText(label).width;
  }
}
