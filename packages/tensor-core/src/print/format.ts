/**
 * Tensor values as text, PyTorch-style: `tensor([[1., 2.], [3., 4.]], ...)` with one number format
 * per tensor (integer-valued floats as `1.`, fixed `0.5000`, or scientific `1.0000e+05` when the
 * magnitudes call for it), columns aligned, long rows wrapped, and large tensors summarised with
 * `...` keeping `edgeItems` at each end of every dimension.
 */
import type { DType, TypedArray } from '../dtype.js';
import type { PrintOptions } from './options.js';

/** One displayed element: its flat index, or a summary gap. */
type Cell = number | 'gap';

/** The indices shown along a dimension of length n: all, or both ends around a gap. */
function shownIndices(n: number, summarise: boolean, edgeItems: number): Cell[] {
  if (!summarise || n <= 2 * edgeItems) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: edgeItems }, (_, i) => i), 'gap', ...Array.from({ length: edgeItems }, (_, i) => n - edgeItems + i)];
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d];
  }
  return out;
}

/** Flat indices of every element that will be shown. */
function shownElements(shape: readonly number[], summarise: boolean, edgeItems: number): number[] {
  const st = strides(shape);
  const out: number[] = [];
  const walk = (dim: number, offset: number): void => {
    if (dim === shape.length) {
      out.push(offset);
      return;
    }
    for (const i of shownIndices(shape[dim], summarise, edgeItems)) if (i !== 'gap') walk(dim + 1, offset + i * st[dim]);
  };
  walk(0, 0);
  return out;
}

function nonFinite(v: number): string | undefined {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return undefined;
}

/** `1.2346e+05`, with a two-digit exponent like PyTorch and NumPy. */
function scientific(v: number, precision: number): string {
  const [mantissa, exponent] = v.toExponential(precision).split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** A function that writes one float the way every element of this tensor is written. */
function floatFormatter(values: readonly number[], precision: number): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const magnitudes = finite.map(Math.abs).filter((v) => v !== 0);
  const integral = finite.every((v) => Number.isInteger(v));
  const max = magnitudes.length ? Math.max(...magnitudes) : 0;
  const min = magnitudes.length ? Math.min(...magnitudes) : 0;
  const wide = magnitudes.length > 0 && (max / min > 1000 || max > 1e8 || (!integral && min < 1e-4));
  return (v) => {
    const special = nonFinite(v);
    if (special !== undefined) return special;
    if (wide) return scientific(v, precision);
    if (integral) return `${v.toFixed(0)}.`;
    return v.toFixed(precision);
  };
}

function elementFormatter(values: readonly number[], dtype: DType, precision: number): (v: number) => string {
  if (dtype === 'bool') return (v) => (v !== 0 ? 'true' : 'false');
  if (dtype === 'int32') return (v) => String(v);
  return floatFormatter(values, precision);
}

/**
 * The bracketed values of a tensor (`[[1., 2.],\n [3., 4.]]`, or `3.` for a scalar); `indent` is
 * the column where the opening bracket stands, so continuation lines line up under it.
 */
export function formatValues(values: TypedArray, shape: readonly number[], dtype: DType, options: PrintOptions, indent: number): string {
  const size = values.length;
  const summarise = size > options.threshold;
  const shown = shownElements(shape, summarise, options.edgeItems).map((i) => values[i]);
  const format = elementFormatter(shown, dtype, options.precision);
  if (shape.length === 0) return format(values[0]);
  const width = shown.reduce((w, v) => Math.max(w, format(v).length), 0);
  const cell = (v: number): string => format(v).padStart(width);
  const st = strides(shape);

  const block = (dim: number, offset: number, column: number): string => {
    const indices = shownIndices(shape[dim], summarise, options.edgeItems);
    if (dim === shape.length - 1) {
      const items = indices.map((i) => (i === 'gap' ? '...' : cell(values[offset + i])));
      const perLine = Math.max(1, Math.floor((options.lineWidth - column - 1) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(column + 1)}`)}]`;
    }
    const separator = `,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(column + 1)}`;
    const parts = indices.map((i) => (i === 'gap' ? '...' : block(dim + 1, offset + i * st[dim], column + 1)));
    return `[${parts.join(separator)}]`;
  };
  return block(0, 0, indent);
}
