import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';
import { loadAsCompute, storageType, storeFromCompute } from '../storage/storage-layout.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/**
 * out = x, then out[o, indices[j], i] += updates[o, j, i]. Deterministic without atomics: one
 * thread per output element scans every index in order and sums the matching updates.
 * Parameters: size, J, inner, axisLen.
 */
export function scatterAdd(rt: GPURuntime, x: GPUInput, indices: GPUInput, updates: GPUInput, axis: number, out: GPUBuffer): void {
  const size = sizeOf(x.shape);
  if (size === 0) return;
  const J = sizeOf(indices.shape);
  const inner = sizeBetween(x.shape, axis + 1, x.shape.length);
  const type = storageType(x.dtype, 'scatterAdd');
  rt.dispatch({
    key: `scatterAdd:${x.dtype}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', type], ['idx', 'i32'], ['upd', type]], [['out', type]])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let J = p[1]; let inner = p[2]; let axis_len = p[3];
  let i = gid % inner;
  let k = i32((gid / inner) % axis_len);
  let o = gid / (inner * axis_len);
  var acc = ${loadAsCompute(x.dtype, 'xs[gid]')};
  for (var j = 0u; j < J; j = j + 1u) {
    if (idx[j] == k) { acc = acc + ${loadAsCompute(x.dtype, 'upd[(o * J + j) * inner + i]')}; }
  }
  out[gid] = ${storeFromCompute(x.dtype, 'acc')};
}`,
    params: new ParamBlock().u32(size, J, inner, x.shape[axis]).toArray(),
    buffers: [x.buffer, indices.buffer, updates.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
