import type { ArgReduceOp } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';
import { storageType } from '../storage/storage-layout.js';
import { PRELUDE, bindings, entryPoint } from '../wgsl/prelude.js';

/** Threads cooperating on one output. */
const ARG_WORKGROUP = 64;

/**
 * Index of the max/min along `axis` (int32). One workgroup per output: each thread scans a strided
 * slice keeping its first best, then a tree merges (value, index) pairs. NaN beats any number;
 * between equals the lower index wins, so the result is the first extremum, deterministically.
 */
export function argReduce(rt: GPURuntime, op: ArgReduceOp, x: GPUInput, axis: number, outShape: readonly number[], out: GPUBuffer): void {
  const length = x.shape[axis];
  const inner = sizeBetween(x.shape, axis + 1, x.shape.length);
  const nOut = sizeOf(outShape);
  if (nOut === 0) return;
  const type = storageType(x.dtype, op);
  const float = type === 'f32';
  const value = float ? 'f32' : 'i32';
  const load = type === 'u32' ? (e: string) => `i32(${e})` : (e: string) => e;
  const better = op === 'argmax' ? '>' : '<';
  const nanTest = float ? (v: string) => `is_nan(${v})` : () => 'false';
  rt.dispatch({
    key: `argReduce:${op}:${x.dtype}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', type]], [['out', 'i32']])}
var<workgroup> best_value: array<${value}, ${ARG_WORKGROUP}>;
var<workgroup> best_index: array<u32, ${ARG_WORKGROUP}>;
// True when candidate (v, i) beats the incumbent (w, j); an index of 0xffffffff marks "none yet".
fn wins(v: ${value}, i: u32, w: ${value}, j: u32) -> bool {
  if (i == 0xffffffffu) { return false; }
  if (j == 0xffffffffu) { return true; }
  let nv = ${nanTest('v')};
  let nw = ${nanTest('w')};
  if (nv || nw) { return nv && (!nw || i < j); }
  if (v == w) { return i < j; }
  return v ${better} w;
}
${entryPoint(ARG_WORKGROUP)}
  let o = wid.x + wid.y * nwg.x;
  let in_range = o < p[0];
  let len = p[1];
  let inner = p[2];
  var bv: ${value} = ${value}(0);
  var bi = 0xffffffffu;
  if (in_range) {
    let base = (o / inner) * len * inner + (o % inner);
    for (var k = lid; k < len; k = k + ${ARG_WORKGROUP}u) {
      let v = ${load('xs[base + k * inner]')};
      if (wins(v, k, bv, bi)) { bv = v; bi = k; }
    }
  }
  best_value[lid] = bv;
  best_index[lid] = bi;
  workgroupBarrier();
  for (var s = ${ARG_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s && wins(best_value[lid + s], best_index[lid + s], best_value[lid], best_index[lid])) {
      best_value[lid] = best_value[lid + s];
      best_index[lid] = best_index[lid + s];
    }
    workgroupBarrier();
  }
  if (in_range && lid == 0u) { out[o] = select(i32(best_index[0]), 0, best_index[0] == 0xffffffffu); }
}`,
    params: new ParamBlock().u32(nOut, length, inner).toArray(),
    buffers: [x.buffer, out],
    workgroups: nOut,
  });
}
