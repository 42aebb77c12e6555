/** Joining and splitting tensors along an axis: concat, stack, split. */
import { tidy } from '../engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { normalizeAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expandDims } from './layout.js';
import { backendOf, runKernel, wrap } from './run.js';
import { slice } from './slice.js';
import { describeValue } from '../describe-value.js';
import { assertTensor, assertTensorList } from '../arguments.js';
import { checkAllocation } from '../allocation.js';

/** Whether two shapes of one rank agree on every axis but `axis`. */
function sameOutside(a: readonly number[], b: readonly number[], axis: number): boolean {
  for (let i = 0; i < a.length; i++) if (i !== axis && a[i] !== b[i]) return false;
  return true;
}

/** Join tensors along an existing `axis`: [..., Dᵢ, ...] each (equal except along axis, same dtype) → [..., ΣDᵢ, ...]. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  const op = 'concat';
  assertTensorList(op, xs);
  if (xs.length === 0) throw new ArgumentError(op, 'needs at least one tensor');
  const backend = backendOf(op, xs);
  const first = xs[0];
  if (first.rank === 0) throw new ShapeError(op, 'cannot concatenate scalars; use stack');
  const ax = normalizeAxis(op, axis, first.rank);
  for (const t of xs) {
    if (t.dtype !== first.dtype) throw new DTypeError(op, `dtypes differ: ${first.dtype} and ${t.dtype}`);
    if (t.rank !== first.rank || !sameOutside(t.shape, first.shape, ax)) {
      throw new ShapeError(op, `shapes ${xs.map((x) => fmtShape(x.shape)).join(', ')} differ outside axis ${ax}`);
    }
  }
  const shape = [...first.shape];
  shape[ax] = xs.reduce((n, t) => n + t.shape[ax], 0);
  checkAllocation(op, backend, shape, first.dtype);
  return runKernel(op, xs, { axis: ax }, () => wrap(backend, backend.concat(xs, ax, shape), shape, first.dtype));
}

/** Join same-shaped tensors along a new `axis`: n × [...pre, ...post] → [...pre, n, ...post]. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  assertTensorList('stack', xs);
  if (xs.length === 0) throw new ArgumentError('stack', 'needs at least one tensor');
  const first = xs[0];
  for (const t of xs) {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError('stack', `all shapes must match, got ${xs.map((x) => fmtShape(x.shape)).join(', ')}`);
    }
  }
  const ax = normalizeAxis('stack', axis, first.rank + 1);
  return tidy(() => concat(xs.map((t) => expandDims(t, ax)), ax));
}

/** Split along `axis` into `sections` equal parts, or into parts of the listed sizes: [..., D, ...] → [..., Dᵢ, ...] each. */
export function split(x: Tensor, sections: number | readonly number[], axis = 0): Tensor[] {
  const op = 'split';
  backendOf(op, [x]);
  const ax = normalizeAxis(op, axis, x.rank);
  const total = x.shape[ax];
  let sizes: number[];
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections <= 0 || total % sections !== 0) {
      throw new ShapeError(op, `axis ${ax} of ${fmtShape(x.shape)} (size ${total}) cannot be split into ${sections} equal parts`);
    }
    sizes = new Array<number>(sections).fill(total / sections);
  } else {
    if (!Array.isArray(sections)) throw new ArgumentError(op, `sections must be a number of equal parts or an array of sizes, got ${describeValue(sections)}`);
    sizes = [...(sections as readonly number[])];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((a, b) => a + b, 0) !== total) {
      throw new ShapeError(op, `sizes [${sizes.join(',')}] do not add up to axis ${ax} of ${fmtShape(x.shape)}`);
    }
  }
  let offset = 0;
  return sizes.map((s) => {
    const begin = x.shape.map((_, i) => (i === ax ? offset : 0));
    const size = x.shape.map((d, i) => (i === ax ? s : d));
    offset += s;
    return slice(x, begin, size);
  });
}

/** Split into slices along `axis`, removing that axis: [...pre, n, ...post] → n × [...pre, ...post]. */
export function unstack(x: Tensor, axis = 0): Tensor[] {
  assertTensor('unstack', x);
  const ax = normalizeAxis('unstack', axis, x.rank);
  return split(x, x.shape[ax], ax).map((t) => {
    const out = tidy(() => t.squeeze(ax));
    t.dispose();
    return out;
  });
}
