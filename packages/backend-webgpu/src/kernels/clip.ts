import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { ParamBlock } from '../params.js';
import { computeType, loadAsCompute, storageType, storeFromCompute } from '../storage-layout.js';
import { FLOAT_MATH } from '../wgsl/float-math.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** min(max(x, lo), hi); NaN stays NaN. Integer tensors clip to the integers inside [lo, hi]. */
export function clip(rt: GPURuntime, x: GPUInput, lo: number, hi: number, out: GPUBuffer): void {
  const size = sizeOf(x.shape);
  if (size === 0) return;
  const type = storageType(x.dtype, 'clip');
  const float = computeType(x.dtype, 'clip') === 'f32';
  const params = new ParamBlock().u32(size);
  if (float) params.f32(lo, hi);
  else params.i32(Math.min(Math.max(Math.ceil(lo), INT32_MIN), INT32_MAX), Math.max(Math.min(Math.floor(hi), INT32_MAX), INT32_MIN));
  const bounds = float ? 'let lo = pf(1u); let hi = pf(2u);' : 'let lo = pi(1u); let hi = pi(2u);';
  rt.dispatch({
    key: `clip:${x.dtype}`,
    source: () => /* wgsl */ `${PRELUDE}
${float ? FLOAT_MATH : ''}
${bindings([['xs', type]], [['out', type]])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${bounds}
  var v = ${loadAsCompute(x.dtype, 'xs[gid]')};
  ${float ? 'if (f_lt(v, lo)) { v = lo; }\n  if (f_lt(hi, v)) { v = hi; }' : 'if (v < lo) { v = lo; }\n  if (v > hi) { v = hi; }'}
  out[gid] = ${storeFromCompute(x.dtype, 'v')};
}`,
    params: params.toArray(),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
