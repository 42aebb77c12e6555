/** Paint network outputs over the [-6, 6]² grid into a canvas, and data points on top. */
import type { PointSet } from '../data/point-set.js';
import { CLASS_COLORS, classBlend, css, divergingColor, type Rgb } from './colors.js';
import { prepareChartCanvas } from './chart-canvas.js';

/** How the output is read for colouring. */
export type HeatmapMode = 'binary' | 'multiclass' | 'regression';

/**
 * Fill `canvas` (sized density×density pixels) from values [density², k]: binary probabilities
 * become 2p − 1, classes blend their colours; `discretize` snaps to the winning side or class;
 * `lighten` (0–1) fades towards white so data points stay visible on top.
 */
export function paintHeatmap(
  canvas: HTMLCanvasElement, values: Float32Array, density: number, k: number, column: number, mode: HeatmapMode, discretize: boolean, lighten = 0,
): void {
  canvas.width = density;
  canvas.height = density;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const image = ctx.createImageData(density, density);
  for (let i = 0; i < density * density; i++) {
    let c: Rgb;
    if (mode === 'multiclass') {
      if (discretize) {
        let arg = 0;
        for (let j = 1; j < k; j++) if (values[i * k + j] > values[i * k + arg]) arg = j;
        c = CLASS_COLORS[arg % CLASS_COLORS.length];
      } else c = classBlend(values, i * k, k);
    } else {
      let v = values[i * k + column];
      if (mode === 'binary') v = 2 * v - 1;
      if (discretize) v = v >= 0 ? 1 : -1;
      c = divergingColor(v);
    }
    image.data[4 * i] = c[0] + (255 - c[0]) * lighten;
    image.data[4 * i + 1] = c[1] + (255 - c[1]) * lighten;
    image.data[4 * i + 2] = c[2] + (255 - c[2]) * lighten;
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

/** Colour of one data point's target. */
export function pointColor(target: number, mode: HeatmapMode): string {
  if (mode === 'multiclass') return css(CLASS_COLORS[Math.round(target) % CLASS_COLORS.length]);
  return css(divergingColor(mode === 'binary' ? 2 * target - 1 : target * 1.5));
}

/** Draw points as circles on an overlay canvas of `size` CSS pixels; test points get a dark ring. */
export function paintPoints(overlay: HTMLCanvasElement, size: number, sets: readonly { set: PointSet; test: boolean }[], mode: HeatmapMode): void {
  const ctx = prepareChartCanvas(overlay, size, size);
  if (ctx === null) return;
  const scale = size / 12;
  overlay.dataset.shown = String(sets.reduce((n, s) => n + s.set.length, 0));
  for (const { set, test } of sets) {
    for (let i = 0; i < set.length; i++) {
      const px = (set.xy[2 * i] + 6) * scale;
      const py = (6 - set.xy[2 * i + 1]) * scale;
      ctx.beginPath();
      ctx.arc(px, py, 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = pointColor(set.target[i], mode);
      ctx.fill();
      ctx.lineWidth = test ? 1.6 : 0.8;
      ctx.strokeStyle = test ? '#111' : '#fff';
      ctx.stroke();
    }
  }
}
