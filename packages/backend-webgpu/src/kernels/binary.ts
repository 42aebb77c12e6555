import { binaryOutDType, shapesEqual, sizeOf, type BinaryOp } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { ParamBlock } from '../params.js';
import { collapseBroadcast } from '../shape.js';
import { computeType, loadAsCompute, storageType, storeFromCompute } from '../storage-layout.js';
import { broadcastOffsets } from '../wgsl/broadcast-index.js';
import { FLOAT_MATH, INT_MATH } from '../wgsl/float-math.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/** WGSL of each op on f32 operands `a`, `b`. */
const FLOAT_BINARY: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'f_pow(a, b)',
  maximum: 'f_max(a, b)',
  minimum: 'f_min(a, b)',
  mod: 'f_mod(a, b)',
  floorDiv: 'floor(a / b)',
  atan2: 'atan2(a, b)',
  equal: 'f_eq(a, b)',
  notEqual: '!f_eq(a, b)',
  less: 'f_lt(a, b)',
  lessEqual: 'f_le(a, b)',
  greater: 'f_lt(b, a)',
  greaterEqual: 'f_le(b, a)',
  logicalAnd: '!f_is_zero(a) && !f_is_zero(b)',
  logicalOr: '!f_is_zero(a) || !f_is_zero(b)',
  logicalXor: 'f_is_zero(a) != f_is_zero(b)',
};

/** WGSL of each op on i32 operands (int32, and bool computed as 0/1). */
const INT_BINARY: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'select(a / b, 0, b == 0)',
  pow: 'i_pow(a, b)',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
  mod: 'i_mod(a, b)',
  floorDiv: 'i_floor_div(a, b)',
  atan2: 'f_to_i32(atan2(f32(a), f32(b)))',
  equal: 'a == b',
  notEqual: 'a != b',
  less: 'a < b',
  lessEqual: 'a <= b',
  greater: 'a > b',
  greaterEqual: 'a >= b',
  logicalAnd: 'a != 0 && b != 0',
  logicalOr: 'a != 0 || b != 0',
  logicalXor: '(a != 0) != (b != 0)',
};

/** Ops whose WGSL expression evaluates to a WGSL `bool` (stored as u32 0/1). */
const BOOL_RESULT = new Set<BinaryOp>([
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalXor',
]);

/** Elementwise binary op with NumPy broadcasting of `a` and `b` to `outShape`. */
export function binary(rt: GPURuntime, op: BinaryOp, a: GPUInput, b: GPUInput, outShape: readonly number[], out: GPUBuffer): void {
  const size = sizeOf(outShape);
  if (size === 0) return;
  const what = `binary '${op}'`;
  const inType = storageType(a.dtype, what);
  const outDType = binaryOutDType(op, a.dtype);
  const expr = computeType(a.dtype, what) === 'f32' ? FLOAT_BINARY[op] : INT_BINARY[op];
  const result = BOOL_RESULT.has(op) ? `u32(${expr})` : storeFromCompute(outDType, expr);
  const contiguous = shapesEqual(a.shape, outShape) && shapesEqual(b.shape, outShape);
  const params = new ParamBlock().u32(size);
  const { shape, strides } = collapseBroadcast([a.shape, b.shape], outShape);
  if (!contiguous) params.u32(shape.length, ...shape, ...strides.flat());
  const index = contiguous ? 'let ia = gid; let ib = gid;' : broadcastOffsets(['ia', 'ib'], 1, shape.length);
  rt.dispatch({
    key: `binary:${op}:${a.dtype}:${contiguous ? 'contiguous' : `broadcast${shape.length}`}`,
    source: () => /* wgsl */ `${PRELUDE}${FLOAT_MATH}${INT_MATH}
${bindings([['xa', inType], ['xb', inType]], [['out', storageType(outDType, op)]])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${index}
  let a = ${loadAsCompute(a.dtype, 'xa[ia]')};
  let b = ${loadAsCompute(a.dtype, 'xb[ib]')};
  out[gid] = ${result};
}`,
    params: params.toArray(),
    buffers: [a.buffer, b.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
