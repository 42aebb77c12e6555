/** Running sums along an axis: cumsum, as log₂(n) shifted additions (Hillis–Steele scan). */
import { tidy } from '../engine.js';
import { DTypeError, fmtShape } from '../errors.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { cast } from './cast.js';
import { backendOf } from './run.js';
import { pad, slice } from './slice.js';

/** Options of {@link cumsum}. */
export interface CumsumOptions {
  /** Leave out the element itself: out[i] = Σ_{j<i} x[j] (out[0] = 0). Default false. */
  readonly exclusive?: boolean;
  /** Sum from the end: out[i] = Σ_{j≥i} x[j]. Default false. */
  readonly reverse?: boolean;
}

/** x moved by `by` positions along `axis` toward higher indices (or lower when reverse), zeros shifted in. */
function shifted(x: Tensor, axis: number, by: number, reverse: boolean): Tensor {
  const n = x.shape[axis];
  const pads = x.shape.map((): [number, number] => [0, 0]);
  pads[axis] = reverse ? [0, by] : [by, 0];
  const begin = x.shape.map(() => 0);
  begin[axis] = reverse ? by : 0;
  const size = [...x.shape];
  size[axis] = n;
  return slice(pad(x, pads), begin, size);
}

/**
 * Cumulative sum along `axis`: x [...] → same shape; out[i] = Σ_{j≤i} x[j] (see
 * {@link CumsumOptions} for exclusive and reverse). bool sums as int32. Differentiable (the
 * gradient is the reverse cumulative sum); ⌈log₂ n⌉ additions of the whole tensor.
 */
export function cumsum(x: Tensor, axis: number, options: CumsumOptions = {}): Tensor {
  const op = 'cumsum';
  backendOf(op, [x]);
  const ax = normalizeAxis(op, axis, x.rank);
  if (x.dtype !== 'float32' && x.dtype !== 'float64' && x.dtype !== 'int32' && x.dtype !== 'bool') {
    throw new DTypeError(op, `unsupported dtype ${String(x.dtype)} ${fmtShape(x.shape)}`);
  }
  const reverse = options.reverse ?? false;
  const n = x.shape[ax];
  return tidy(() => {
    let y = x.dtype === 'bool' ? cast(x, 'int32') : x;
    if (options.exclusive && n > 0) y = shifted(y, ax, 1, reverse);
    for (let by = 1; by < n; by *= 2) y = add(y, shifted(y, ax, by, reverse));
    return y === x ? slice(x, x.shape.map(() => 0), [...x.shape]) : y;
  });
}
