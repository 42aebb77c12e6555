import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { ParamBlock } from '../params.js';
import { collapseBroadcast } from '../shape.js';
import { broadcastOffsets } from '../wgsl/broadcast-index.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/** out = cond ? a : b with broadcasting; copies raw 32-bit words, so one pipeline serves every dtype. */
export function where(rt: GPURuntime, cond: GPUInput, a: GPUInput, b: GPUInput, outShape: readonly number[], out: GPUBuffer): void {
  const size = sizeOf(outShape);
  if (size === 0) return;
  const { shape, strides } = collapseBroadcast([cond.shape, a.shape, b.shape], outShape);
  const params = new ParamBlock().u32(size, shape.length, ...shape, ...strides.flat());
  rt.dispatch({
    key: `where:${shape.length}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xc', 'u32'], ['xa', 'u32'], ['xb', 'u32']], [['out', 'u32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${broadcastOffsets(['ic', 'ia', 'ib'], 1, shape.length)}
  out[gid] = select(xb[ib], xa[ia], xc[ic] != 0u);
}`,
    params: params.toArray(),
    buffers: [cond.buffer, a.buffer, b.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
