/** Changing a tensor's dtype. */
import { isDType, type DType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { castProgram } from '../elementwise/programs.js';
import { elementwiseResult } from '../fusion/defer.js';
import { backendOf, runElementwise } from './run.js';
import { checkAllocation } from '../allocation.js';

/** Convert to `dtype`, x [...] → same shape (float→int32 truncates toward zero and saturates: NaN → 0, ±Infinity and out-of-range values → INT32_MIN/INT32_MAX; anything→bool is `!= 0`). Same dtype: a shared view. */
export function cast(x: Tensor, dtype: DType): Tensor {
  const backend = backendOf('cast', [x]);
  if (!isDType(dtype)) throw new DTypeError('cast', `unknown dtype '${String(dtype)}'`);
  if (dtype === 'float64' && !backend.supportsFloat64) {
    throw new DTypeError('cast', `backend '${backend.name}' does not support float64`);
  }
  if (x.dtype !== dtype) checkAllocation('cast', backend, x.shape, dtype); // bool → float64 is 8x the bytes
  return runElementwise('cast', [x], { dtype }, () =>
    x.dtype === dtype ? x.detach() : elementwiseResult('cast', backend, castProgram(x.dtype, dtype), [x], x.shape, dtype),
  );
}
