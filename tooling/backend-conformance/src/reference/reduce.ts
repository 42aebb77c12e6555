/** Reductions over axes and along one axis, by direct enumeration. */
import { numel, ravel, unravel, type NdArray } from './ndarray.js';

/** Output shape after reducing `axes`. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  return shape.flatMap((d, i) => (axes.includes(i) ? (keepDims ? [1] : []) : [d]));
}

/**
 * Fold every element into its output cell: `init` per cell, `step(acc, v)` per element, then
 * `finish(acc, count)`.
 */
export function reduceAxes(
  x: NdArray,
  axes: readonly number[],
  keepDims: boolean,
  init: number,
  step: (acc: number, v: number) => number,
  finish: (acc: number, count: number) => number = (acc) => acc,
): NdArray {
  const shape = reducedShape(x.shape, axes, keepDims);
  const kept = reducedShape(x.shape, axes, true);
  const acc = new Float64Array(numel(shape)).fill(init);
  for (let i = 0; i < x.data.length; i++) {
    const c = unravel(i, x.shape).map((v, ax) => (axes.includes(ax) ? 0 : v));
    const o = ravel(c, kept);
    acc[o] = step(acc[o], x.data[i]);
  }
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  return { shape, data: acc.map((v) => finish(v, count)) };
}

const nanAware = (pick: (a: number, b: number) => number) => (acc: number, v: number): number =>
  Number.isNaN(acc) || Number.isNaN(v) ? NaN : pick(acc, v);

/** Sum over axes. */
export const sum = (x: NdArray, axes: readonly number[], keepDims = false): NdArray => reduceAxes(x, axes, keepDims, 0, (a, v) => a + v);
/** Product over axes. */
export const prod = (x: NdArray, axes: readonly number[], keepDims = false): NdArray => reduceAxes(x, axes, keepDims, 1, (a, v) => a * v);
/** Max over axes (NaN propagates). */
export const max = (x: NdArray, axes: readonly number[], keepDims = false): NdArray => reduceAxes(x, axes, keepDims, -Infinity, nanAware(Math.max));
/** Min over axes (NaN propagates). */
export const min = (x: NdArray, axes: readonly number[], keepDims = false): NdArray => reduceAxes(x, axes, keepDims, Infinity, nanAware(Math.min));
/** Mean over axes. */
export const mean = (x: NdArray, axes: readonly number[], keepDims = false): NdArray => reduceAxes(x, axes, keepDims, 0, (a, v) => a + v, (a, n) => a / n);
/** 1 where any element is non-zero. */
export const any = (x: NdArray, axes: readonly number[], keepDims = false): NdArray => reduceAxes(x, axes, keepDims, 0, (a, v) => (a || v !== 0 ? 1 : 0));
/** 1 where every element is non-zero. */
export const all = (x: NdArray, axes: readonly number[], keepDims = false): NdArray => reduceAxes(x, axes, keepDims, 1, (a, v) => (a && v !== 0 ? 1 : 0));

/** Variance with divisor N − correction, two-pass. */
export function variance(x: NdArray, axes: readonly number[], correction = 0, keepDims = false): NdArray {
  const m = mean(x, axes, true);
  const kept = m.shape;
  const sq = new Float64Array(numel(kept));
  for (let i = 0; i < x.data.length; i++) {
    const c = unravel(i, x.shape).map((v, ax) => (axes.includes(ax) ? 0 : v));
    const o = ravel(c, kept);
    sq[o] += (x.data[i] - m.data[o]) ** 2;
  }
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  return { shape: reducedShape(x.shape, axes, keepDims), data: sq.map((v) => v / (count - correction)) };
}

/** log Σ exp over axes, computed naively in float64 after shifting by the max. */
export function logsumexp(x: NdArray, axes: readonly number[], keepDims = false): NdArray {
  const m = max(x, axes, true);
  const acc = new Float64Array(m.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const c = unravel(i, x.shape).map((v, ax) => (axes.includes(ax) ? 0 : v));
    const o = ravel(c, m.shape);
    acc[o] += Math.exp(x.data[i] - m.data[o]);
  }
  return { shape: reducedShape(x.shape, axes, keepDims), data: acc.map((s, o) => Math.log(s) + m.data[o]) };
}

/** Index of the first max (or min) along `axis`; NaN counts as the extreme. */
export function argReduce(x: NdArray, axis: number, kind: 'argmax' | 'argmin'): NdArray {
  const shape = reducedShape(x.shape, [axis], false);
  const out = new Float64Array(numel(shape));
  for (let o = 0; o < out.length; o++) {
    const outer = unravel(o, shape);
    let best = 0;
    let bestValue = NaN;
    for (let k = 0; k < x.shape[axis]; k++) {
      const c = [...outer.slice(0, axis), k, ...outer.slice(axis)];
      const v = x.data[ravel(c, x.shape)];
      if (k === 0) { bestValue = v; continue; }
      if (Number.isNaN(bestValue)) break;
      if (Number.isNaN(v) || (kind === 'argmax' ? v > bestValue : v < bestValue)) { best = k; bestValue = v; }
    }
    out[o] = best;
  }
  return { shape, data: out };
}
