import { sizeOf, stridesOf } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { ParamBlock } from '../params.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/**
 * The strided-gather family: out[i] = x[base + Σ coord_d(i) · srcStride_d], copying raw 32-bit
 * words (dtype-agnostic). transpose, broadcastTo and slice differ only in base and strides.
 * Parameters: size, rank, base, outShape[rank], srcStrides[rank].
 */
function stridedCopy(rt: GPURuntime, x: GPUInput, outShape: readonly number[], base: number, srcStrides: readonly number[], out: GPUBuffer): void {
  const size = sizeOf(outShape);
  if (size === 0) return;
  rt.dispatch({
    key: 'stridedCopy',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'u32']], [['out', 'u32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let rank = p[1];
  var off = p[2];
  var rem = gid;
  for (var d = i32(rank) - 1; d >= 0; d = d - 1) {
    let dim = p[3u + u32(d)];
    off = off + (rem % dim) * p[3u + rank + u32(d)];
    rem = rem / dim;
  }
  out[gid] = xs[off];
}`,
    params: new ParamBlock().u32(size, outShape.length, base, ...outShape, ...srcStrides).toArray(),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}

/** Output axis i reads input axis perm[i]. */
export function transpose(rt: GPURuntime, x: GPUInput, perm: readonly number[], out: GPUBuffer): void {
  const strides = stridesOf(x.shape);
  stridedCopy(rt, x, perm.map((p) => x.shape[p]), 0, perm.map((p) => strides[p]), out);
}

/** Same-rank broadcast: size-1 axes get stride 0. */
export function broadcastTo(rt: GPURuntime, x: GPUInput, shape: readonly number[], out: GPUBuffer): void {
  const strides = stridesOf(x.shape);
  stridedCopy(rt, x, shape, 0, x.shape.map((d, i) => (d === 1 ? 0 : strides[i])), out);
}

/** Contiguous box starting at `begin` with extent `size`. */
export function slice(rt: GPURuntime, x: GPUInput, begin: readonly number[], size: readonly number[], out: GPUBuffer): void {
  const strides = stridesOf(x.shape);
  const base = begin.reduce((acc, b, i) => acc + b * strides[i], 0);
  stridedCopy(rt, x, size, base, strides, out);
}
