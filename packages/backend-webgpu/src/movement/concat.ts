import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/**
 * Join along `axis`: one dispatch per input copies its words into its band of the output.
 * Parameters: size, axisLen, inner, outAxisLen, axisOffset.
 */
export function concat(rt: GPURuntime, xs: readonly GPUInput[], axis: number, out: GPUBuffer): void {
  const outAxis = xs.reduce((acc, x) => acc + x.shape[axis], 0);
  let offset = 0;
  for (const x of xs) {
    const size = sizeOf(x.shape);
    const axisLen = x.shape[axis];
    if (size > 0) {
      rt.dispatch({
        key: 'concat',
        source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'u32']], [['out', 'u32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let axis_len = p[1]; let inner = p[2];
  let i = gid % inner;
  let a = (gid / inner) % axis_len;
  let o = gid / (inner * axis_len);
  out[(o * p[3] + p[4] + a) * inner + i] = xs[gid];
}`,
        params: new ParamBlock().u32(size, axisLen, sizeBetween(x.shape, axis + 1, x.shape.length), outAxis, offset).toArray(),
        buffers: [x.buffer, out],
        workgroups: workgroupsFor(size),
      });
    }
    offset += axisLen;
  }
}
