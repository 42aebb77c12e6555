/** Reductions over any set of axes, with keepDims. */
import type { ReduceOp } from '../backend.js';
import { reduceOutDType } from '../backend.js';
import { observeUnrecordedOp, tidy } from '../engine.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { ReduceAttrs } from '../op-attrs.js';
import { normalizeAxes, normalizeAxis, reducedShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { div, sub } from './binary.js';
import { cast } from './cast.js';
import { backendOf, computeDeferred, runKernel, runOp, wrap } from './run.js';
import { reshape } from './layout.js';
import { exp, log, square } from './unary.js';

/** Reduction options. */
export interface ReduceOptions {
  /** Keep reduced axes as size-1 dimensions. */
  readonly keepDims?: boolean;
}

/** Run a reduce kernel and apply keepDims as a reshape. */
function reduceKernel(op: ReduceOp, x: Tensor, attrs: ReduceAttrs): Tensor {
  const backend = backendOf(op, [x]);
  const outShape = reducedShape(x.shape, attrs.axes, false);
  computeDeferred([x]);
  const out = backend.reduce(op, x, attrs.axes, outShape);
  return wrap(backend, out, attrs.keepDims ? reducedShape(x.shape, attrs.axes, true) : outShape, reduceOutDType(op, x.dtype));
}

function attrsOf(op: string, x: Tensor, axes: number | readonly number[] | undefined, options: ReduceOptions): ReduceAttrs {
  backendOf(op, [x]);
  return { axes: normalizeAxes(op, axes, x.rank), keepDims: options.keepDims ?? false };
}

function numeric(x: Tensor): Tensor {
  return x.dtype === 'bool' ? cast(x, 'int32') : x;
}

/** Sum over `axes` (all when omitted): x [...] → x with `axes` removed (kept as size 1 with keepDims); bool sums count as int32. */
export function sum(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const attrs = attrsOf('sum', x, axes, options);
  if (x.dtype !== 'bool') return runKernel('sum', [x], attrs, () => reduceKernel('sum', x, attrs));
  return tidy(() => {
    const input = numeric(x);
    return runKernel('sum', [input], attrs, () => reduceKernel('sum', input, attrs));
  });
}

/** Product over `axes`: x [...] → x with `axes` removed (kept as size 1 with keepDims). */
export function prod(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const attrs = attrsOf('prod', x, axes, options);
  if (x.dtype !== 'bool') return runKernel('prod', [x], attrs, () => reduceKernel('prod', x, attrs));
  return tidy(() => {
    const input = numeric(x);
    return runKernel('prod', [input], attrs, () => reduceKernel('prod', input, attrs));
  });
}

function extremum(op: 'max' | 'min', x: Tensor, axes: number | readonly number[] | undefined, options: ReduceOptions): Tensor {
  const attrs = attrsOf(op, x, axes, options);
  if (x.size === 0 && sizeOf(reducedShape(x.shape, attrs.axes, false)) > 0) {
    throw new ShapeError(op, `cannot take the ${op} over an empty axis of shape ${fmtShape(x.shape)}`);
  }
  if (x.dtype !== 'bool') return runKernel(op, [x], attrs, () => reduceKernel(op, x, attrs));
  return tidy(() => {
    const input = numeric(x);
    return runKernel(op, [input], attrs, () => reduceKernel(op, input, attrs));
  });
}

/** Maximum over `axes`: x [...] → x with `axes` removed (kept as size 1 with keepDims); the gradient is shared equally among tied maxima. */
export function max(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  return extremum('max', x, axes, options);
}

/** Minimum over `axes`: x [...] → x with `axes` removed (kept as size 1 with keepDims); the gradient is shared equally among tied minima. */
export function min(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  return extremum('min', x, axes, options);
}

/** Arithmetic mean over `axes` (float result): x [...] → x with `axes` removed (kept as size 1 with keepDims). */
export function mean(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const attrs = attrsOf('mean', x, axes, options);
  const count = attrs.axes.reduce((n, a) => n * x.shape[a], 1);
  if (count === 0) throw new ShapeError('mean', `mean over an empty set of elements of shape ${fmtShape(x.shape)}`);
  return tidy(() => {
    const input = x.dtype === 'float32' || x.dtype === 'float64' ? x : cast(x, 'float32');
    return div(sum(input, attrs.axes, options), count);
  });
}

/** Options for variance/std. */
export interface VarianceOptions extends ReduceOptions {
  /** Divide by N − correction (1 = unbiased sample variance). Default 0. */
  readonly correction?: number;
}

/** Variance over `axes`, mean of squared deviations (divided by N − correction): x [...] → x with `axes` removed (kept as size 1 with keepDims). */
export function variance(x: Tensor, axes?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  const attrs = attrsOf('variance', x, axes, options);
  const count = attrs.axes.reduce((n, a) => n * x.shape[a], 1);
  const denom = count - (options.correction ?? 0);
  if (denom <= 0) throw new ShapeError('variance', `needs more than ${options.correction ?? 0} elements per group, shape ${fmtShape(x.shape)}`);
  return tidy(() => {
    const input = x.dtype === 'float32' || x.dtype === 'float64' ? x : cast(x, 'float32');
    const centered = sub(input, mean(input, attrs.axes, { keepDims: true }));
    return div(sum(square(centered), attrs.axes, options), denom);
  });
}

/** Standard deviation (square root of variance): x [...] → x with `axes` removed (kept as size 1 with keepDims). */
export function std(x: Tensor, axes?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  return tidy(() => variance(x, axes, options).sqrt());
}

/** log(sum(exp(x))) over `axes`, computed stably by subtracting the max: x [...] → x with `axes` removed (kept as size 1 with keepDims). */
export function logsumexp(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const attrs = attrsOf('logsumexp', x, axes, options);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new DTypeError('logsumexp', `expected a float tensor, got ${x.dtype}`);
  return runOp('logsumexp', [x], attrs, () => {
    const m = max(x, attrs.axes, { keepDims: true });
    // a row of -Infinity would give NaN (−∞ − −∞); shift by 0 there instead
    const safe = m.maximum(-3.4e38);
    const lse = log(sum(exp(sub(x, safe)), attrs.axes, { keepDims: true })).add(safe);
    return attrs.keepDims ? lse : reshape(lse, reducedShape(x.shape, attrs.axes, false));
  });
}

/** True where any element over `axes` is non-zero: bool, x [...] → x with `axes` removed (kept as size 1 with keepDims). */
export function any(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const attrs = attrsOf('any', x, axes, options);
  const out = reduceKernel('any', x, attrs);
  observeUnrecordedOp('any', [x], out, attrs);
  return out;
}

/** True where every element over `axes` is non-zero: bool, x [...] → x with `axes` removed (kept as size 1 with keepDims). */
export function all(x: Tensor, axes?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const attrs = attrsOf('all', x, axes, options);
  const out = reduceKernel('all', x, attrs);
  observeUnrecordedOp('all', [x], out, attrs);
  return out;
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined): Tensor {
  const backend = backendOf(op, [x]);
  if (axis === undefined) {
    return tidy(() => argReduce(op, reshape(x, [x.size]), 0));
  }
  const ax = normalizeAxis(op, axis, x.rank);
  if (x.shape[ax] === 0) throw new ShapeError(op, `axis ${axis} of shape ${fmtShape(x.shape)} is empty`);
  const input = x.dtype === 'bool' ? cast(x, 'int32') : x;
  computeDeferred([input]);
  const outShape = reducedShape(x.shape, [ax], false);
  const out = wrap(backend, backend.argReduce(op, input, ax, outShape), outShape, 'int32');
  observeUnrecordedOp(op, [input], out, { axis: ax });
  if (input !== x) input.dispose();
  return out;
}

/** Index of the largest value along `axis`: x [...pre, D, ...post] → int32 [...pre, ...post] (flattened → [] when omitted); ties → first index. */
export function argmax(x: Tensor, axis?: number): Tensor {
  return argReduce('argmax', x, axis);
}

/** Index of the smallest value along `axis`: x [...pre, D, ...post] → int32 [...pre, ...post] (flattened → [] when omitted); ties → first index. */
export function argmin(x: Tensor, axis?: number): Tensor {
  return argReduce('argmin', x, axis);
}
