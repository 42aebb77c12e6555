/** Reorder the axes of a host tensor (layout conversion before any backend tensor exists). */
import { allocHostArray } from '@nabla/tensor-core';
import type { HostTensor } from '../../checkpoint/host-tensor.js';

/** `h` [d0, …, dn] with axes reordered by `perm`: → [d_perm0, …, d_permn] (numpy's transpose). */
export function permuteHost(h: HostTensor, perm: readonly number[]): HostTensor {
  const rank = h.shape.length;
  const shape = perm.map((p) => h.shape[p]);
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= h.shape[i];
  }
  const strides = perm.map((p) => inStrides[p]);
  const out = allocHostArray(h.dtype, h.data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += index[i] * strides[i];
    out[o] = h.data[src];
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i] < shape[i]) break;
      index[i] = 0;
    }
  }
  return { dtype: h.dtype, shape, data: out };
}
