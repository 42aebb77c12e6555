/** Paint a 2-D array (a filter, a feature map, an image) into a canvas, one canvas pixel per value. */
import { divergingColor } from '../view/colors.js';

/** How values become colours: grey ink (0 white … max black) or signed orange–blue. */
export type MapStyle = 'ink' | 'signed';

/**
 * Paint values [rows, cols] starting at `offset` of `values`; 'ink' scales by the largest value
 * (or `scale`), 'signed' by the largest |value|. Sets `data-max` to the scale used.
 */
export function paintMap(canvas: HTMLCanvasElement, values: ArrayLike<number>, rows: number, cols: number, style: MapStyle, offset = 0, scale?: number): void {
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  let max = scale ?? 0;
  if (scale === undefined) for (let i = 0; i < rows * cols; i++) max = Math.max(max, Math.abs(values[offset + i]));
  canvas.dataset.max = String(max);
  const image = ctx.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const v = max > 0 ? values[offset + i] / max : 0;
    const c = style === 'ink' ? [255 * (1 - v), 255 * (1 - v), 255 * (1 - v)] : divergingColor(v);
    image.data[4 * i] = c[0];
    image.data[4 * i + 1] = c[1];
    image.data[4 * i + 2] = c[2];
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
