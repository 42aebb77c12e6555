/** Colour scales: TF Playground's orange–white–blue for values in [-1, 1], a palette for classes. */

/** RGB triple, 0–255. */
export type Rgb = readonly [number, number, number];

const NEGATIVE: Rgb = [245, 147, 34];
const ZERO: Rgb = [232, 234, 235];
const POSITIVE: Rgb = [8, 119, 189];

/** Colours of classes 0..4 in multiclass mode. */
export const CLASS_COLORS: readonly Rgb[] = [[245, 147, 34], [8, 119, 189], [44, 160, 44], [148, 103, 189], [214, 39, 40]];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** Colour of a value in [-1, 1] (clamped): orange below 0, blue above. */
export function divergingColor(value: number): Rgb {
  const v = Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
  return v < 0 ? mix(ZERO, NEGATIVE, -v) : mix(ZERO, POSITIVE, v);
}

/** Blend of class colours weighted by probabilities, faded towards white when uncertain. */
export function classBlend(probs: ArrayLike<number>, offset: number, k: number): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  let best = 0;
  for (let c = 0; c < k; c++) {
    const p = probs[offset + c];
    const col = CLASS_COLORS[c % CLASS_COLORS.length];
    r += p * col[0];
    g += p * col[1];
    b += p * col[2];
    best = Math.max(best, p);
  }
  const certainty = k > 1 ? (best - 1 / k) / (1 - 1 / k) : 1;
  return mix(ZERO, [r, g, b], Math.max(0, Math.min(1, certainty)));
}

/** CSS string of an RGB triple. */
export function css(c: Rgb): string {
  return `rgb(${Math.round(c[0])}, ${Math.round(c[1])}, ${Math.round(c[2])})`;
}
