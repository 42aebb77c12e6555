import type { DType, ReduceOp } from '@nabla/tensor-core';
import { sizeOf, stridesOf } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { coalesce } from '@nabla/tensor-core/kernel-kit';
import { storageType } from '../storage/storage-layout.js';
import { FLOAT_MATH } from '../wgsl/float-math.js';
import { PRELUDE, bindings, entryPoint } from '../wgsl/prelude.js';

/** Threads cooperating on one output in the tree reduction. */
const REDUCE_WORKGROUP = 64;
/** Reductions this short run one thread per output instead of a workgroup. */
const SERIAL_LIMIT = 16;
const SERIAL_WORKGROUP = 64;

/** How one reduction computes: accumulator type, identity, load conversion, combiner, store conversion. */
interface Reducer {
  readonly acc: 'f32' | 'i32' | 'u32';
  readonly identity: string;
  readonly load: (v: string) => string;
  readonly combine: (a: string, b: string) => string;
  readonly store: (r: string) => string;
}

function reducer(op: ReduceOp, dtype: DType): Reducer {
  const isFloat = storageType(dtype, `reduce '${op}'`) === 'f32';
  if (op === 'any' || op === 'all') {
    return {
      acc: 'u32',
      identity: op === 'any' ? '0u' : '1u',
      load: (v) => (isFloat ? `u32(!(${v} == 0.0))` : `u32(${v} != ${dtype === 'bool' ? '0u' : '0'})`),
      combine: (a, b) => (op === 'any' ? `(${a} | ${b})` : `(${a} & ${b})`),
      store: (r) => r,
    };
  }
  const store = dtype === 'bool' ? (r: string) => `u32(${r} != 0)` : (r: string) => r;
  const load = isFloat || dtype === 'int32' ? (v: string) => v : (v: string) => `i32(${v})`;
  const acc = isFloat ? 'f32' : 'i32';
  switch (op) {
    case 'sum':
      return { acc, identity: isFloat ? '0.0' : '0', load, combine: (a, b) => `(${a} + ${b})`, store };
    case 'prod':
      return { acc, identity: isFloat ? '1.0' : '1', load, combine: (a, b) => `(${a} * ${b})`, store };
    case 'max':
      return isFloat
        ? { acc, identity: '-inf_f32()', load, combine: (a, b) => `f_max(${a}, ${b})`, store }
        : { acc, identity: dtype === 'bool' ? '0' : 'i32(-2147483647 - 1)', load, combine: (a, b) => `max(${a}, ${b})`, store };
    case 'min':
      return isFloat
        ? { acc, identity: 'inf_f32()', load, combine: (a, b) => `f_min(${a}, ${b})`, store }
        : { acc, identity: dtype === 'bool' ? '1' : '2147483647', load, combine: (a, b) => `min(${a}, ${b})`, store };
  }
}

/**
 * WGSL offset of reduced element `r` of output `o`. Parameters: nOut, R, keptRank, redRank, then
 * keptShape, keptStrides, redShape, redStrides (strides into x; both axis lists collapsed).
 */
const OFFSET_FN = /* wgsl */ `
fn base_offset(o: u32) -> u32 {
  let kr = p[2]; var rem = o; var off = 0u;
  for (var d = i32(kr) - 1; d >= 0; d = d - 1) {
    let dim = p[4u + u32(d)];
    let q = udiv(rem, dim);
    off = off + (rem - q * dim) * p[4u + kr + u32(d)];
    rem = q;
  }
  return off;
}
fn reduced_offset(r: u32) -> u32 {
  let kr = p[2]; let rr = p[3]; let b = 4u + 2u * kr; var rem = r; var off = 0u;
  for (var d = i32(rr) - 1; d >= 0; d = d - 1) {
    let dim = p[b + u32(d)];
    let q = udiv(rem, dim);
    off = off + (rem - q * dim) * p[b + rr + u32(d)];
    rem = q;
  }
  return off;
}
`;

/** Reduce `x` over `axes` (sorted, unique) into `outShape` (the kept axes). Long reductions use a workgroup tree per output. */
export function reduce(rt: GPURuntime, op: ReduceOp, x: GPUInput, axes: readonly number[], outShape: readonly number[], out: GPUBuffer): void {
  const nOut = sizeOf(outShape);
  if (nOut === 0) return;
  const strides = stridesOf(x.shape);
  const keptStrides = strides.filter((_, i) => !axes.includes(i));
  const reduced = sizeOf(axes.map((i) => x.shape[i]));
  const k = coalesce(outShape, [keptStrides]);
  const red = coalesce(axes.map((i) => x.shape[i]), [axes.map((i) => strides[i])]);
  const params = new ParamBlock()
    .u32(nOut, reduced, k.dims.length, red.dims.length)
    .u32(...k.dims, ...k.strides[0])
    .u32(...red.dims, ...red.strides[0]);
  const r = reducer(op, x.dtype);
  const inType = storageType(x.dtype, 'reduce');
  const outType = op === 'any' || op === 'all' ? 'u32' : inType;
  const header = `${PRELUDE}${FLOAT_MATH}${OFFSET_FN}
${bindings([['xs', inType]], [['out', outType]])}`;
  if (reduced <= SERIAL_LIMIT) {
    rt.dispatch({
      key: `reduce:${op}:${x.dtype}:serial`,
      source: () => /* wgsl */ `${header}
${entryPoint(SERIAL_WORKGROUP)}
  let o = (wid.x + wid.y * nwg.x) * ${SERIAL_WORKGROUP}u + lid;
  if (o >= p[0]) { return; }
  let base = base_offset(o);
  var acc: ${r.acc} = ${r.identity};
  for (var i = 0u; i < p[1]; i = i + 1u) {
    acc = ${r.combine('acc', r.load('xs[base + reduced_offset(i)]'))};
  }
  out[o] = ${r.store('acc')};
}`,
      params: params.toArray(),
      buffers: [x.buffer, out],
      workgroups: Math.ceil(nOut / SERIAL_WORKGROUP),
    });
    return;
  }
  rt.dispatch({
    key: `reduce:${op}:${x.dtype}:tree`,
    source: () => /* wgsl */ `${header}
var<workgroup> partial: array<${r.acc}, ${REDUCE_WORKGROUP}>;
${entryPoint(REDUCE_WORKGROUP)}
  let o = wid.x + wid.y * nwg.x;
  let in_range = o < p[0];
  var acc: ${r.acc} = ${r.identity};
  if (in_range) {
    let base = base_offset(o);
    for (var i = lid; i < p[1]; i = i + ${REDUCE_WORKGROUP}u) {
      acc = ${r.combine('acc', r.load('xs[base + reduced_offset(i)]'))};
    }
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = ${REDUCE_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { partial[lid] = ${r.combine('partial[lid]', 'partial[lid + s]')}; }
    workgroupBarrier();
  }
  if (in_range && lid == 0u) { out[o] = ${r.store('partial[0]')}; }
}`,
    params: params.toArray(),
    buffers: [x.buffer, out],
    workgroups: nOut,
  });
}
