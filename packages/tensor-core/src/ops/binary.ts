/** Elementwise functions of two tensors with NumPy broadcasting: dtype rules come from the binary op table. */
import { checkAllocation } from '../allocation.js';
import { observeUnrecordedOp, tidy } from '../engine.js';
import { binaryProgram } from '../elementwise/programs.js';
import type { BinaryOp } from '../op-table/binary-ops.js';
import { binaryKind, binaryOutDType, type BoolBinaryOp } from '../op-table/derived.js';
import type { RecordedBinaryOp } from '../op-attrs.js';
import { broadcastShapes } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { elementwiseResult } from '../fusion/defer.js';
import { backendOf, runElementwise } from './run.js';
import { commonOperands, scalarOn, type Promotion } from './scalar-operand.js';

type ArithmeticOp = RecordedBinaryOp;

function kernel(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const backend = backendOf(op, [a, b]);
  const shape = broadcastShapes(op, a.shape, b.shape);
  checkAllocation(op, backend, shape, binaryOutDType(op, a.dtype));
  return elementwiseResult(op, backend, binaryProgram(op, a.dtype), [a, b], shape, binaryOutDType(op, a.dtype));
}

/** How the operands of `op` are brought to one dtype, from the op's kind in the table. */
function promotionOf(op: BinaryOp): Promotion {
  switch (binaryKind(op)) {
    case 'float': return 'division';
    case 'arithmetic': return 'arithmetic';
    case 'comparison': return 'comparison';
    case 'logical': return 'logical';
  }
}

function isFloat(t: TensorLike): t is Tensor {
  return t instanceof Tensor && (t.dtype === 'float32' || t.dtype === 'float64');
}

/** A float tensor and a number: the number becomes a scalar of the tensor's dtype, disposed after the kernel. */
function withScalar(op: ArithmeticOp, t: Tensor, value: number, scalarFirst: boolean): Tensor {
  const s = scalarOn(backendOf(op, [t]), value, t.dtype);
  try {
    const [x, y] = scalarFirst ? [s, t] : [t, s];
    return runElementwise(op, [x, y], {}, () => kernel(op, x, y));
  } finally {
    s.dispose();
  }
}

function arithmetic(op: ArithmeticOp, a: TensorLike, b: TensorLike): Tensor {
  // hot paths: operands already of one float dtype need no promotion and no scope
  if (isFloat(a)) {
    if (typeof b === 'number') return withScalar(op, a, b, false);
    if (b instanceof Tensor && b.dtype === a.dtype) return runElementwise(op, [a, b], {}, () => kernel(op, a, b));
  } else if (typeof a === 'number' && isFloat(b)) return withScalar(op, b, a, true);
  return tidy(() => {
    const [x, y] = commonOperands(op, a, b, promotionOf(op));
    broadcastShapes(op, x.shape, y.shape);
    return runElementwise(op, [x, y], {}, () => kernel(op, x, y));
  });
}

/** A comparison or logical op: not recorded (bool output), reported to traces with its promoted operands. */
function predicate(op: BoolBinaryOp, a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => {
    const [x, y] = commonOperands(op, a, b, promotionOf(op));
    const out = kernel(op, x, y);
    observeUnrecordedOp(op, [x, y], out, {});
    return out;
  });
}

/** a + b: a [A], b [B] → [broadcast(A, B)] */ export const add = (a: TensorLike, b: TensorLike): Tensor => arithmetic('add', a, b);
/** a − b: a [A], b [B] → [broadcast(A, B)] */ export const sub = (a: TensorLike, b: TensorLike): Tensor => arithmetic('sub', a, b);
/** a · b: a [A], b [B] → [broadcast(A, B)] */ export const mul = (a: TensorLike, b: TensorLike): Tensor => arithmetic('mul', a, b);
/** a / b (integers divide as float32): a [A], b [B] → [broadcast(A, B)] */ export const div = (a: TensorLike, b: TensorLike): Tensor => arithmetic('div', a, b);
/** aᵇ (computed in float): a [A], b [B] → [broadcast(A, B)] */ export const pow = (a: TensorLike, b: TensorLike): Tensor => arithmetic('pow', a, b);
/** elementwise max; NaN propagates; on ties the gradient goes to `a`: a [A], b [B] → [broadcast(A, B)] */ export const maximum = (a: TensorLike, b: TensorLike): Tensor => arithmetic('maximum', a, b);
/** elementwise min; NaN propagates; on ties the gradient goes to `a`: a [A], b [B] → [broadcast(A, B)] */ export const minimum = (a: TensorLike, b: TensorLike): Tensor => arithmetic('minimum', a, b);
/** floored modulo (sign of b, like Python): a [A], b [B] → [broadcast(A, B)] */ export const mod = (a: TensorLike, b: TensorLike): Tensor => arithmetic('mod', a, b);
/** floor(a / b): a [A], b [B] → [broadcast(A, B)] */ export const floorDiv = (a: TensorLike, b: TensorLike): Tensor => arithmetic('floorDiv', a, b);
/** atan2(a, b), angle of the point (b, a): a [A], b [B] → [broadcast(A, B)] */ export const atan2 = (a: TensorLike, b: TensorLike): Tensor => arithmetic('atan2', a, b);
/** a == b: a [A], b [B] → bool [broadcast(A, B)] */ export const equal = (a: TensorLike, b: TensorLike): Tensor => predicate('equal', a, b);
/** a != b: a [A], b [B] → bool [broadcast(A, B)] */ export const notEqual = (a: TensorLike, b: TensorLike): Tensor => predicate('notEqual', a, b);
/** a < b: a [A], b [B] → bool [broadcast(A, B)] */ export const less = (a: TensorLike, b: TensorLike): Tensor => predicate('less', a, b);
/** a <= b: a [A], b [B] → bool [broadcast(A, B)] */ export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => predicate('lessEqual', a, b);
/** a > b: a [A], b [B] → bool [broadcast(A, B)] */ export const greater = (a: TensorLike, b: TensorLike): Tensor => predicate('greater', a, b);
/** a >= b: a [A], b [B] → bool [broadcast(A, B)] */ export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => predicate('greaterEqual', a, b);
/** a AND b: a [A], b [B] → bool [broadcast(A, B)] */ export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => predicate('logicalAnd', a, b);
/** a OR b: a [A], b [B] → bool [broadcast(A, B)] */ export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => predicate('logicalOr', a, b);
/** a XOR b: a [A], b [B] → bool [broadcast(A, B)] */ export const logicalXor = (a: TensorLike, b: TensorLike): Tensor => predicate('logicalXor', a, b);
