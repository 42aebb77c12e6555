import { sizeOf, stridesOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/**
 * Constant padding, one thread per output word: inside the box it copies x, outside it writes
 * `word` (the pad value already encoded for the dtype). Parameters: size, rank, word,
 * outShape[rank], inShape[rank], before[rank], inStrides[rank].
 */
export function pad(rt: GPURuntime, x: GPUInput, pads: readonly (readonly [number, number])[], word: number, outShape: readonly number[], out: GPUBuffer): void {
  const size = sizeOf(outShape);
  if (size === 0) return;
  const rank = x.shape.length;
  const params = new ParamBlock()
    .u32(size, rank, word, ...outShape, ...x.shape)
    .u32(...pads.map(([before]) => before), ...stridesOf(x.shape));
  rt.dispatch({
    key: 'pad',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'u32']], [['out', 'u32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let rank = p[1];
  var off = 0u;
  var inside = true;
  var rem = gid;
  for (var d = i32(rank) - 1; d >= 0; d = d - 1) {
    let du = u32(d);
    let dim = p[3u + du];
    let c = i32(rem % dim) - i32(p[3u + 2u * rank + du]);
    rem = rem / dim;
    if (c < 0 || c >= i32(p[3u + rank + du])) { inside = false; }
    off = off + u32(max(c, 0)) * p[3u + 3u * rank + du];
  }
  out[gid] = select(p[2], xs[off], inside);
}`,
    params: params.toArray(),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
