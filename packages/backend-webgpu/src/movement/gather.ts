import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/**
 * out[o, j, i] = x[o, indices[j], i] with o over x.shape[:axis], j over all of `indices`
 * (flattened) and i over x.shape[axis+1:], `outShape` x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]. Raw words, dtype-agnostic.
 * Parameters: size, J, inner, axisLen.
 */
export function gather(rt: GPURuntime, x: GPUInput, indices: GPUInput, axis: number, outShape: readonly number[], out: GPUBuffer): void {
  const J = sizeOf(indices.shape);
  const inner = sizeBetween(x.shape, axis + 1, x.shape.length);
  const size = sizeOf(outShape);
  if (size === 0) return;
  rt.dispatch({
    key: 'gather',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'u32'], ['idx', 'i32']], [['out', 'u32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let J = p[1]; let inner = p[2];
  let i = gid % inner;
  let j = (gid / inner) % J;
  let o = gid / (inner * J);
  out[gid] = xs[(o * p[3] + u32(idx[j])) * inner + i];
}`,
    params: new ParamBlock().u32(size, J, inner, x.shape[axis]).toArray(),
    buffers: [x.buffer, indices.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
