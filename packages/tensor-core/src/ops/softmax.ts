/** Normalised exponentials along an axis, computed stably. */
import { DTypeError } from '../errors.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { div, sub } from './binary.js';
import { exp } from './unary.js';
import { logsumexp, max, sum } from './reduce.js';
import { runOp } from './run.js';
import { assertTensor } from './arguments.js';

function checkFloat(op: string, x: Tensor): void {
  assertTensor(op, x);
  x.assertAlive(op);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new DTypeError(op, `expected a float tensor, got ${x.dtype}`);
}

/** exp(x − max) / Σ exp(x − max) along `axis` (default last): x [...] → same shape. */
export function softmax(x: Tensor, axis = -1): Tensor {
  checkFloat('softmax', x);
  const ax = normalizeAxis('softmax', axis, x.rank);
  return runOp('softmax', [x], { axis: ax }, () => {
    const e = exp(sub(x, max(x, ax, { keepDims: true })));
    return div(e, sum(e, ax, { keepDims: true }));
  });
}

/** x − logsumexp(x) along `axis` (default last), x [...] → same shape: log-probabilities without overflow. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  checkFloat('logSoftmax', x);
  const ax = normalizeAxis('logSoftmax', axis, x.rank);
  return runOp('logSoftmax', [x], { axis: ax }, () => sub(x, logsumexp(x, ax, { keepDims: true })));
}
