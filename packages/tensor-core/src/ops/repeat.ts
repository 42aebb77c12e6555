/** Repeating elements in place along an axis (grouped-query attention heads): repeatInterleave. */
import { tidy } from '../engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../errors.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { gather } from './indexing.js';
import { broadcastTo, reshape } from './layout.js';
import { describeValue } from '../describe-value.js';
import { assertTensor } from './arguments.js';
import { backendOf, wrap } from './run.js';

/**
 * Repeat each slice of `x` along `axis` in place, like PyTorch's `repeat_interleave`:
 * x [...pre, D, ...post] → [...pre, D·r, ...post] for a number r (slice i becomes slices
 * i·r … i·r + r − 1), or [...pre, Σ repeats, ...post] for a list of D counts. Without `axis`, x is
 * flattened first. Differentiable (the gradient sums the copies).
 */
export function repeatInterleave(x: Tensor, repeats: number | readonly number[], axis?: number): Tensor {
  const op = 'repeatInterleave';
  assertTensor(op, x, 'x');
  if (typeof repeats !== 'number' && !Array.isArray(repeats)) throw new ArgumentError(op, `repeats must be a count or an array of counts, got ${describeValue(repeats)}`);
  const backend = backendOf(op, [x]);
  const input = axis === undefined ? reshape(x, [x.size]) : x;
  try {
    const ax = normalizeAxis(op, axis ?? 0, input.rank);
    const D = input.shape[ax];
    if (typeof repeats === 'number') {
      if (!Number.isInteger(repeats) || repeats < 0) throw new ArgumentError(op, `repeats must be a non-negative integer, got ${repeats}`);
      const pre = input.shape.slice(0, ax + 1);
      const post = input.shape.slice(ax + 1);
      return tidy(() => reshape(broadcastTo(reshape(input, [...pre, 1, ...post]), [...pre, repeats, ...post]), [...input.shape.slice(0, ax), D * repeats, ...post]));
    }
    if (repeats.length !== D) {
      throw new ShapeError(op, `needs one count per slice along axis ${ax}: got ${repeats.length} counts for ${fmtShape(input.shape)}`);
    }
    const index: number[] = [];
    repeats.forEach((r, i) => {
      if (!Number.isInteger(r) || r < 0) throw new ArgumentError(op, `repeats must be non-negative integers, got ${r} at position ${i}`);
      for (let k = 0; k < r; k++) index.push(i);
    });
    const indices = wrap(backend, backend.write(Int32Array.from(index), 'int32'), [index.length], 'int32');
    try {
      return gather(input, indices, ax);
    } finally {
      indices.dispose();
    }
  } finally {
    if (input !== x) input.dispose();
  }
}
