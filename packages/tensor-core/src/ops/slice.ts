/** Cutting and padding boxes: slice and pad. */
import { ArgumentError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { reshape } from './layout.js';
import { checkAllocation } from '../allocation.js';
import { describeValue } from '../describe-value.js';
import { backendOf, runElementwise, runKernel, wrap } from './run.js';
import { sliceView, viewsDeferred } from '../fusion/defer.js';

/**
 * The box starting at `begin` with `size` per axis (size -1 = to the end; omitted = to the end): x [...] → [...size].
 * Negative begins count from the end.
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  const op = 'slice';
  const backend = backendOf(op, [x]);
  if (!Array.isArray(begin) || (size !== undefined && !Array.isArray(size))) {
    throw new ArgumentError(op, `begin and size must be arrays of integers, got ${describeValue(begin)} and ${describeValue(size)}`);
  }
  if (begin.length > x.rank || (size && size.length !== begin.length)) {
    throw new ShapeError(op, `begin [${begin.join(',')}] / size [${size?.join(',') ?? ''}] do not fit shape ${fmtShape(x.shape)}`);
  }
  const b = x.shape.map((d, i) => {
    const v = i < begin.length ? begin[i] : 0;
    return v < 0 ? v + d : v;
  });
  const s = x.shape.map((d, i) => {
    const v = size && i < size.length ? size[i] : -1;
    return v === -1 ? d - b[i] : v;
  });
  for (let i = 0; i < x.rank; i++) {
    if (!Number.isInteger(b[i]) || !Number.isInteger(s[i]) || b[i] < 0 || s[i] < 0 || b[i] + s[i] > x.shape[i]) {
      throw new ShapeError(op, `box begin [${b.join(',')}] size [${s.join(',')}] is outside shape ${fmtShape(x.shape)}`);
    }
  }
  if (s.every((d, i) => d === x.shape[i])) return reshape(x, x.shape);
  // fused: a view of x's values, read in place by the elementwise programs that consume it
  if (viewsDeferred(backend)) return runElementwise(op, [x], { begin: b, size: s }, () => sliceView(op, backend, x, b, s));
  return runKernel(op, [x], { begin: b, size: s }, () => wrap(backend, backend.slice(x, b, s), s, x.dtype));
}

/** Pad with a constant: x [d0, ...] → [d0 + before0 + after0, ...], where `pads[i] = [before, after]` (missing trailing axes get 0). */
export function pad(x: Tensor, pads: readonly (readonly [number, number])[], value = 0): Tensor {
  const op = 'pad';
  const backend = backendOf(op, [x]);
  if (!Array.isArray(pads) || !pads.every((p) => Array.isArray(p) && p.length === 2)) {
    throw new ArgumentError(op, `pads must be an array of [before, after] pairs, got ${describeValue(pads)}`);
  }
  if (typeof value !== 'number') throw new ArgumentError(op, `value must be a number, got ${describeValue(value)}`);
  if (pads.length > x.rank) throw new ShapeError(op, `${pads.length} pad pairs for a tensor of shape ${fmtShape(x.shape)}`);
  const full = x.shape.map((_, i) => (i < pads.length ? pads[i] : ([0, 0] as const)));
  for (const [before, after] of full) {
    if (!Number.isInteger(before) || !Number.isInteger(after) || before < 0 || after < 0) {
      throw new ArgumentError(op, `pads must be non-negative integers, got ${JSON.stringify(pads)}`);
    }
  }
  const shape = x.shape.map((d, i) => d + full[i][0] + full[i][1]);
  checkAllocation(op, backend, shape, x.dtype);
  return runKernel(op, [x], { pads: full, value }, () => wrap(backend, backend.pad(x, full, value, shape), shape, x.dtype));
}
