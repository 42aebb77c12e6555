import { sizeOf, unaryOutDType, type DType, type UnaryOp } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { ParamBlock } from '../params.js';
import { computeType, loadAsCompute, storageType, storeFromCompute } from '../storage-layout.js';
import { FLOAT_MATH } from '../wgsl/float-math.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/** WGSL expression of a float32 unary op applied to `x` (f32). */
const FLOAT_UNARY: Record<UnaryOp, string> = {
  neg: '-x',
  abs: 'abs(x)',
  sign: 'select(sign(x), x, is_nan(x))',
  square: 'x * x',
  reciprocal: '1.0 / x',
  exp: 'f_exp(x)',
  expm1: 'f_expm1(x)',
  log: 'f_log(x)',
  log1p: 'f_log1p(x)',
  sqrt: 'f_sqrt(x)',
  rsqrt: 'f_rsqrt(x)',
  sin: 'f_sin(x)',
  cos: 'f_cos(x)',
  tan: 'tan(x)',
  asin: 'f_asin(x)',
  acos: 'f_acos(x)',
  atan: 'atan(x)',
  sinh: 'f_sinh(x)',
  cosh: 'f_cosh(x)',
  tanh: 'f_tanh(x)',
  asinh: 'f_asinh(x)',
  acosh: 'f_acosh(x)',
  atanh: 'f_atanh(x)',
  sigmoid: 'f_sigmoid(x)',
  softplus: 'f_softplus(x)',
  relu: 'select(x, 0.0, x < 0.0)',
  step: 'select(0.0, 1.0, x >= 0.0)',
  erf: 'f_erf(x)',
  floor: 'floor(x)',
  ceil: 'ceil(x)',
  round: 'round(x)',
  trunc: 'trunc(x)',
  logicalNot: 'x == 0.0',
  isNaN: 'is_nan(x)',
  isFinite: '!(is_nan(x) || is_inf(x))',
};

/** Integer forms of the ops that make sense on int32 (and bool, computed as i32). */
const INT_UNARY: Partial<Record<UnaryOp, string>> = {
  neg: '-x',
  abs: 'abs(x)',
  sign: 'sign(x)',
  square: 'x * x',
  relu: 'max(x, 0)',
  step: 'select(0, 1, x >= 0)',
  floor: 'x',
  ceil: 'x',
  round: 'x',
  trunc: 'x',
  logicalNot: 'x == 0',
  isNaN: 'false',
  isFinite: 'true',
};

/** Ops whose WGSL expression evaluates to a WGSL `bool` (stored as u32 0/1). */
const BOOL_RESULT = new Set<UnaryOp>(['logicalNot', 'isNaN', 'isFinite']);

/**
 * How `op` computes on `dtype`: the WGSL binding of `x` and the result expression. Float-only ops
 * on integers go through f32 and truncate back.
 */
function unaryBody(op: UnaryOp, dtype: DType): { load: string; expr: string } {
  const stored = loadAsCompute(dtype, 'xs[gid]');
  if (computeType(dtype, op) === 'f32') return { load: stored, expr: FLOAT_UNARY[op] };
  const native = INT_UNARY[op];
  if (native !== undefined) return { load: stored, expr: native };
  return { load: `f32(${stored})`, expr: `f_to_i32(${FLOAT_UNARY[op]})` };
}

/** Elementwise unary op; output dtype bool for logicalNot/isNaN/isFinite, else the input dtype. */
export function unary(rt: GPURuntime, op: UnaryOp, x: GPUInput, out: GPUBuffer): void {
  const size = sizeOf(x.shape);
  if (size === 0) return;
  const inType = storageType(x.dtype, `unary '${op}'`);
  const outDType = unaryOutDType(op, x.dtype);
  const { load, expr } = unaryBody(op, x.dtype);
  const result = BOOL_RESULT.has(op) ? `u32(${expr})` : storeFromCompute(outDType, expr);
  rt.dispatch({
    key: `unary:${op}:${x.dtype}`,
    source: () => /* wgsl */ `${PRELUDE}${FLOAT_MATH}
${bindings([['xs', inType]], [['out', storageType(outDType, op)]])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  let x = ${load};
  out[gid] = ${result};
}`,
    params: new ParamBlock().u32(size).toArray(),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
