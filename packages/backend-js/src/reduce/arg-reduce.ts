/** argmax / argmin along one axis. */
import type { ArgReduceOp, TypedArray } from '@nabla/tensor-core';
import { BackendError, fmtShape, sizeOf } from '@nabla/tensor-core';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';

/** Int32 index of the max/min along `axis`, `outShape` (shape without `axis`); ties keep the first index; the first NaN wins. */
export function argReduceKernel(op: ArgReduceOp, x: TypedArray, shape: readonly number[], axis: number, outShape: readonly number[]): Int32Array {
  const outer = sizeBetween(shape, 0, axis);
  const len = shape[axis];
  const inner = sizeBetween(shape, axis + 1, shape.length);
  const out = new Int32Array(sizeOf(outShape));
  if (out.length === 0) return out;
  if (len === 0) {
    throw new BackendError(op, `cannot take ${op} along axis ${axis} of size 0 (shape ${fmtShape(shape)})`);
  }
  const isMax = op === 'argmax';
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = x[base];
      let bestIndex = 0;
      if (best === best) {
        for (let r = 1; r < len; r++) {
          const v = x[base + r * inner];
          if (v !== v) {
            bestIndex = r;
            break;
          }
          if (isMax ? v > best : v < best) {
            best = v;
            bestIndex = r;
          }
        }
      }
      out[o * inner + i] = bestIndex;
    }
  }
  return out;
}
