import { sizeOf, stridesOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { coalesce } from '@nabla/tensor-core/kernel-kit';
import { broadcastOffsets } from '../wgsl/broadcast-index.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/**
 * The strided-gather family: out[i] = x[base + Σ coord_d(i) · srcStride_d], copying raw 32-bit
 * words (dtype-agnostic). transpose, broadcastTo and slice differ only in base and strides. Axes are
 * collapsed first and the index math is unrolled per rank (one pipeline each).
 * Parameters: size, base, rank, outShape[rank], srcStrides[rank].
 */
function stridedCopy(rt: GPURuntime, x: GPUInput, outShape: readonly number[], base: number, srcStrides: readonly number[], out: GPUBuffer): void {
  const size = sizeOf(outShape);
  if (size === 0) return;
  const { dims: shape, strides } = coalesce(outShape, [srcStrides]);
  rt.dispatch({
    key: `stridedCopy:${shape.length}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'u32']], [['out', 'u32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${broadcastOffsets(['off'], 2, shape.length)}
  out[gid] = xs[p[1] + off];
}`,
    params: new ParamBlock().u32(size, base, shape.length, ...shape, ...strides[0]).toArray(),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}

/** Output axis i, of `outShape[i]` = x.shape[perm[i]], reads input axis perm[i]. */
export function transpose(rt: GPURuntime, x: GPUInput, perm: readonly number[], outShape: readonly number[], out: GPUBuffer): void {
  const strides = stridesOf(x.shape);
  stridedCopy(rt, x, outShape, 0, perm.map((p) => strides[p]), out);
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
