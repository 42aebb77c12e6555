import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/**
 * Inputs joined by one dispatch. WebGPU guarantees 8 storage buffers per shader stage: the
 * parameter block and the output take two.
 */
const INPUTS_PER_DISPATCH = 6;

/**
 * Join along `axis` into `outShape`: one dispatch per group of up to six inputs writes the group's band of the
 * output, each thread finding the input its element comes from (a concat of a recurrent cell's
 * gate gradients is one launch, not one per gate).
 * Parameters: size, inner, bandLen, outAxisLen, bandStart, then per input its start in the band and its axis length.
 */
export function concat(rt: GPURuntime, xs: readonly GPUInput[], axis: number, outShape: readonly number[], out: GPUBuffer): void {
  const outAxis = outShape[axis];
  const inner = sizeBetween(outShape, axis + 1, outShape.length);
  let bandStart = 0;
  for (let g = 0; g < xs.length; g += INPUTS_PER_DISPATCH) {
    const group = xs.slice(g, g + INPUTS_PER_DISPATCH).filter((x) => x.shape[axis] > 0);
    const bandLen = xs.slice(g, g + INPUTS_PER_DISPATCH).reduce((acc, x) => acc + x.shape[axis], 0);
    const size = group.reduce((acc, x) => acc + sizeOf(x.shape), 0);
    if (size > 0) {
      const params = new ParamBlock().u32(size, inner, bandLen, outAxis, bandStart);
      let start = 0;
      for (const x of group) {
        params.u32(start, x.shape[axis]);
        start += x.shape[axis];
      }
      // input k's start and length are words 5 + 2k and 6 + 2k; the last input takes what the others leave
      const picks = group.map((_, k) => {
        const read = `in${k}[(o * p[${6 + 2 * k}u] + a - p[${5 + 2 * k}u]) * inner + i]`;
        return k === group.length - 1 ? `{ out[dst] = ${read}; }` : `if (a < p[${7 + 2 * k}u]) { out[dst] = ${read}; }`;
      });
      rt.dispatch({
        key: `concat:${group.length}`,
        source: () => /* wgsl */ `${PRELUDE}
${bindings(group.map((_, k) => [`in${k}`, 'u32']), [['out', 'u32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let inner = p[1]; let band = p[2];
  let i = gid % inner;
  let a = (gid / inner) % band;
  let o = gid / (inner * band);
  let dst = (o * p[3] + p[4] + a) * inner + i;
  ${picks.join(' else ')}
}`,
        params: params.toArray(),
        buffers: [...group.map((x) => x.buffer), out],
        workgroups: workgroupsFor(size),
      });
    }
    bandStart += bandLen;
  }
}
