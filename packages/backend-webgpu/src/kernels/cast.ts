import type { DType } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { ParamBlock } from '../params.js';
import { storageType } from '../storage-layout.js';
import { FLOAT_MATH } from '../wgsl/float-math.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/** WGSL converting stored value `v` of `from` to the stored form of `to`. */
function conversion(from: DType, to: DType): string {
  if (from === to) return 'v';
  if (to === 'bool') return from === 'float32' ? 'u32(!(v == 0.0))' : 'u32(v != 0)';
  if (to === 'float32') return 'f32(v)';
  return from === 'float32' ? 'f_to_i32(v)' : 'i32(v)';
}

/** Convert dtypes: float→int32 truncates toward zero (wrapping like Int32Array, NaN → 0); anything→bool is `!= 0`. */
export function cast(rt: GPURuntime, x: GPUInput, dtype: DType, out: GPUBuffer): void {
  const size = sizeOf(x.shape);
  if (size === 0) return;
  const inType = storageType(x.dtype, 'cast');
  const outType = storageType(dtype, 'cast');
  rt.dispatch({
    key: `cast:${x.dtype}:${dtype}`,
    source: () => /* wgsl */ `${PRELUDE}${FLOAT_MATH}
${bindings([['xs', inType]], [['out', outType]])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let v = xs[gid];
  out[gid] = ${conversion(x.dtype, dtype)};
}`,
    params: new ParamBlock().u32(size).toArray(),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
