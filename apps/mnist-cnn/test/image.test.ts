/** Preprocessing a user's image the way each data set's images were made. */
import { describe, expect, it } from 'vitest';
import { PREPROCESSING, toDatasetImage, type GrayImage } from '../src/image.js';

/** A white canvas with a black w×h rectangle at (x, y). */
function rectangle(width: number, height: number, x: number, y: number, w: number, h: number): GrayImage {
  const pixels = new Float32Array(width * height).fill(1);
  for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) pixels[r * width + c] = 0;
  return { width, height, pixels };
}

/** Columns and rows of a 28×28 image that hold ink (> 0.5). */
function extent(image: Float32Array): { cols: number; rows: number; left: number; top: number } {
  const cols = new Set<number>();
  const rows = new Set<number>();
  for (let i = 0; i < 784; i++) if (image[i] > 0.5) { cols.add(i % 28); rows.add(Math.floor(i / 28)); }
  return { cols: cols.size, rows: rows.size, left: Math.min(...cols), top: Math.min(...rows) };
}

describe('toDatasetImage', () => {
  const wide = rectangle(100, 80, 10, 30, 60, 30); // a 60×30 dark object on white, off-centre

  it('Fashion-MNIST: inverted, longest edge scaled to 28, centred by its box', () => {
    const e = extent(toDatasetImage(wide, PREPROCESSING.fashion));
    expect(e.cols).toBe(28);
    expect(e.rows).toBe(14);
    expect(e).toMatchObject({ left: 0, top: 7 });
  });

  it('MNIST: inverted, fitted into 20×20, centred by mass in 28×28', () => {
    const e = extent(toDatasetImage(wide, PREPROCESSING.mnist));
    expect(e.cols).toBe(20);
    expect(e.rows).toBe(10);
    expect(e).toMatchObject({ left: 4, top: 9 });
  });
});
