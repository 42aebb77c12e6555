/** The per-layer gradient-magnitude chart: one bar per weight matrix on a log scale. */
import { gridLine, logDecades, prepareChartCanvas } from './chart-canvas.js';
import { fmt } from './dom.js';

/**
 * Draw mean |∂L/∂W| of each layer as bars on a log₁₀ axis into `canvas` (CSS width×height) and
 * list the values in `list` (one item per layer, value in `data-value`).
 */
export function paintGradientChart(canvas: HTMLCanvasElement, list: HTMLElement, means: readonly number[], width: number, height: number): void {
  list.replaceChildren(...means.map((m, i) => {
    const item = document.createElement('li');
    item.dataset.value = String(m);
    item.textContent = `W${i + 1}: ${fmt(m)}`;
    return item;
  }));
  const ctx = prepareChartCanvas(canvas, width, height);
  if (ctx === null) return;
  const positive = means.filter((m) => m > 0 && Number.isFinite(m));
  if (positive.length === 0) return;
  const [lo, hi] = logDecades(positive);
  const left = 36;
  const bottom = height - 16;
  const y = (v: number): number => bottom - ((Math.log10(v) - lo) / (hi - lo)) * (bottom - 6);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#666';
  ctx.strokeStyle = '#e3e3e3';
  ctx.lineWidth = 1;
  const step = Math.max(1, Math.ceil((hi - lo) / 4));
  for (let e = lo; e <= hi; e += step) gridLine(ctx, y(10 ** e), left, width, `1e${e}`);
  const slot = (width - left) / means.length;
  means.forEach((m, i) => {
    const x = left + i * slot + slot * 0.2;
    if (m > 0 && Number.isFinite(m)) {
      ctx.fillStyle = '#7b4fa0';
      ctx.fillRect(x, y(m), slot * 0.6, bottom - y(m));
    }
    ctx.fillStyle = '#444';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(i === means.length - 1 ? 'out' : `W${i + 1}`, x + slot * 0.3, bottom + 3);
  });
}
