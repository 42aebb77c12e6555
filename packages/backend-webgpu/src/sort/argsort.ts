/**
 * Stable argsort along one axis by ranking: one thread per element counts the elements of its
 * line that sort before it (smaller, or equal at a lower position; NaN largest) and writes its
 * own position at that rank. O(n) work per element, no synchronisation, deterministic.
 * Parameters: total, line length n, inner size, descending.
 */
import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { WebGPUDTypeError } from '../errors.js';
import { ParamBlock } from '../runtime/params.js';
import { storageType } from '../storage/storage-layout.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/** int32 [x.shape]: the source positions of each line along `axis` in sorted order. */
export function argsort(rt: GPURuntime, x: GPUInput, axis: number, descending: boolean, out: GPUBuffer): void {
  const total = sizeOf(x.shape);
  if (total === 0) return;
  const type = storageType(x.dtype, 'argsort');
  if (type === 'u32') throw new WebGPUDTypeError('argsort', `bool is sorted as int32 by tensor-core; got bool [${x.shape.join(', ')}]`);
  const n = x.shape[axis];
  const inner = sizeOf(x.shape.slice(axis + 1));
  const nan = type === 'f32' ? (v: string) => `is_nan(${v})` : () => 'false';
  rt.dispatch({
    key: `argsort:${x.dtype}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', type]], [['out', 'i32']])}
// −1 when a sorts before b ascending, 1 after, 0 equal; NaN is the largest value
fn compare(a: ${type}, b: ${type}) -> i32 {
  let na = ${nan('a')};
  let nb = ${nan('b')};
  if (na || nb) { return select(select(-1, 1, na), 0, na == nb); }
  return select(select(0, 1, a > b), -1, a < b);
}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let n = p[1]; let inner = p[2];
  let sign = select(1, -1, p[3] == 1u);
  let j = (gid / inner) % n;
  let base = gid - j * inner;
  let v = xs[gid];
  var rank = 0u;
  for (var k = 0u; k < n; k++) {
    let c = sign * compare(xs[base + k * inner], v);
    if (c < 0 || (c == 0 && k < j)) { rank++; }
  }
  out[base + rank * inner] = i32(j);
}`,
    params: new ParamBlock().u32(total, n, inner, descending ? 1 : 0).toArray(),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(total),
  });
}
