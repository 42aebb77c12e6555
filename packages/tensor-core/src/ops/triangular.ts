/** Lower and upper triangles of the last two dimensions (causal masks): tril and triu, each one recorded op. */
import { ArgumentError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { backendOf, runOp, wrap } from './run.js';
import { scalarOn } from './scalar-operand.js';
import { where } from './select.js';

function triangle(op: 'tril' | 'triu', x: Tensor, diagonal: number): Tensor {
  const backend = backendOf(op, [x]);
  if (x.rank < 2) throw new ShapeError(op, `needs a tensor of rank >= 2 ([..., M, N]), got ${x.dtype} ${fmtShape(x.shape)}`);
  if (!Number.isInteger(diagonal)) throw new ArgumentError(op, `diagonal must be an integer, got ${diagonal}`);
  const M = x.shape[x.rank - 2];
  const N = x.shape[x.rank - 1];
  const keep = new Uint8Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) keep[i * N + j] = (op === 'tril' ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
  }
  return runOp(op, [x], { diagonal }, () => {
    const mask = wrap(backend, backend.write(keep, 'bool'), [M, N], 'bool');
    return where(mask, x, scalarOn(backend, 0, x.dtype));
  });
}

/**
 * Lower triangle: x [..., M, N] → same shape, keeping x[..., i, j] where j − i ≤ diagonal and
 * zeroing the rest (diagonal 0 = main diagonal, > 0 above it, < 0 below). Any dtype; differentiable.
 */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle('tril', x, diagonal);
}

/** Upper triangle: x [..., M, N] → same shape, keeping x[..., i, j] where j − i ≥ diagonal and zeroing the rest. */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle('triu', x, diagonal);
}
