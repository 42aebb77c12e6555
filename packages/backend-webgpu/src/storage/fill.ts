import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/** Set `size` words of `out` to the raw 32-bit `word` (see `scalarWord`); dtype-agnostic. */
export function fill(rt: GPURuntime, size: number, word: number, out: GPUBuffer): void {
  if (size === 0) return;
  rt.dispatch({
    key: 'fill',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([], [['out', 'u32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  out[gid] = p[1];
}`,
    params: new ParamBlock().u32(size, word).toArray(),
    buffers: [out],
    workgroups: workgroupsFor(size),
  });
}
