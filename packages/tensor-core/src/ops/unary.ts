/** Elementwise functions of one tensor: the dtype rules come from the unary op table. */
import { observeUnrecordedOp, tidy } from '../engine.js';
import { UNARY_OPS, isPredicateOp, unaryComputeDType, unaryOutDType } from '../op-table/derived.js';
import { describeValue } from '../describe-value.js';
import { ArgumentError } from '../errors.js';
import type { UnaryOp } from '../op-table/unary-ops.js';
import { unaryProgram } from '../elementwise/programs.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { elementwiseResult } from '../fusion/defer.js';
import { backendOf, runElementwise } from './run.js';

function kernel(op: UnaryOp, x: Tensor): Tensor {
  const backend = backendOf(op, [x]);
  return elementwiseResult(op, backend, unaryProgram(op, x.dtype), [x], x.shape, unaryOutDType(op, x.dtype));
}

/**
 * Apply a unary table op with dtype handling and autodiff recording: x [...] → same shape.
 * Float ops convert int32/bool inputs to float32 first, numeric ops compute bool as int32.
 */
export function unary(op: UnaryOp, x: Tensor): Tensor {
  if (!(UNARY_OPS as readonly unknown[]).includes(op)) throw new ArgumentError('unary', `unknown unary op ${describeValue(op)}`);
  backendOf(op, [x]);
  if (isPredicateOp(op)) {
    const out = kernel(op, x);
    observeUnrecordedOp(op, [x], out, {});
    return out;
  }
  const dtype = unaryComputeDType(op, x.dtype);
  if (dtype === x.dtype) return runElementwise(op, [x], {}, () => kernel(op, x));
  return tidy(() => {
    const input = cast(x, dtype);
    return runElementwise(op, [input], {}, () => kernel(op, input));
  });
}

/** −x: x [...] → same shape */ export const neg = (x: Tensor): Tensor => unary('neg', x);
/** |x| (gradient at 0 is 0): x [...] → same shape */ export const abs = (x: Tensor): Tensor => unary('abs', x);
/** sign(x) ∈ {−1, 0, 1}: x [...] → same shape */ export const sign = (x: Tensor): Tensor => unary('sign', x);
/** x²: x [...] → same shape */ export const square = (x: Tensor): Tensor => unary('square', x);
/** 1/x: x [...] → same shape */ export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
/** eˣ: x [...] → same shape */ export const exp = (x: Tensor): Tensor => unary('exp', x);
/** eˣ − 1, accurate near 0: x [...] → same shape */ export const expm1 = (x: Tensor): Tensor => unary('expm1', x);
/** natural logarithm: x [...] → same shape */ export const log = (x: Tensor): Tensor => unary('log', x);
/** log(1 + x), accurate near 0: x [...] → same shape */ export const log1p = (x: Tensor): Tensor => unary('log1p', x);
/** √x: x [...] → same shape */ export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
/** 1/√x: x [...] → same shape */ export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x);
/** sine: x [...] → same shape */ export const sin = (x: Tensor): Tensor => unary('sin', x);
/** cosine: x [...] → same shape */ export const cos = (x: Tensor): Tensor => unary('cos', x);
/** tangent: x [...] → same shape */ export const tan = (x: Tensor): Tensor => unary('tan', x);
/** arcsine: x [...] → same shape */ export const asin = (x: Tensor): Tensor => unary('asin', x);
/** arccosine: x [...] → same shape */ export const acos = (x: Tensor): Tensor => unary('acos', x);
/** arctangent: x [...] → same shape */ export const atan = (x: Tensor): Tensor => unary('atan', x);
/** hyperbolic sine: x [...] → same shape */ export const sinh = (x: Tensor): Tensor => unary('sinh', x);
/** hyperbolic cosine: x [...] → same shape */ export const cosh = (x: Tensor): Tensor => unary('cosh', x);
/** hyperbolic tangent: x [...] → same shape */ export const tanh = (x: Tensor): Tensor => unary('tanh', x);
/** inverse hyperbolic sine: x [...] → same shape */ export const asinh = (x: Tensor): Tensor => unary('asinh', x);
/** inverse hyperbolic cosine: x [...] → same shape */ export const acosh = (x: Tensor): Tensor => unary('acosh', x);
/** inverse hyperbolic tangent: x [...] → same shape */ export const atanh = (x: Tensor): Tensor => unary('atanh', x);
/** logistic σ(x) = 1/(1+e⁻ˣ): x [...] → same shape */ export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
/** log(1+eˣ), stable: x [...] → same shape */ export const softplus = (x: Tensor): Tensor => unary('softplus', x);
/** max(x, 0): x [...] → same shape */ export const relu = (x: Tensor): Tensor => unary('relu', x);
/** Heaviside step, step(0) = 1, step(NaN) = NaN; its gradient is zero: x [...] → same shape */ export const step = (x: Tensor): Tensor => unary('step', x);
/** Gauss error function: x [...] → same shape */ export const erf = (x: Tensor): Tensor => unary('erf', x);
/** x·min(max(x + 3, 0), 6)/6 (MobileNetV3's hard swish): x [...] → same shape */ export const hardswish = (x: Tensor): Tensor => unary('hardswish', x);
/** round down: x [...] → same shape */ export const floor = (x: Tensor): Tensor => unary('floor', x);
/** round up: x [...] → same shape */ export const ceil = (x: Tensor): Tensor => unary('ceil', x);
/** round half to even: x [...] → same shape */ export const round = (x: Tensor): Tensor => unary('round', x);
/** round toward zero: x [...] → same shape */ export const trunc = (x: Tensor): Tensor => unary('trunc', x);
/** boolean not (non-zero is true): x [...] → same shape */ export const logicalNot = (x: Tensor): Tensor => unary('logicalNot', x);
/** true where NaN: x [...] → same shape */ export const isNaN = (x: Tensor): Tensor => unary('isNaN', x);
/** true where neither NaN nor ±Infinity: x [...] → same shape */ export const isFinite = (x: Tensor): Tensor => unary('isFinite', x);
