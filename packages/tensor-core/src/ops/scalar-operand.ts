/** Turning JS numbers into tensors next to a tensor operand, and dtype promotion for binary ops. */
import type { Backend } from '../backend.js';
import { promoteTypes, type DType } from '../dtype.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { cast } from './cast.js';
import { currentOpName } from '../allocation.js';
import { constantResult } from '../fusion/defer.js';
import { backendOf } from './run.js';

/** A rank-0 tensor holding `value` on `backend`: → shape []. */
export function scalarOn(backend: Backend, value: number, dtype: DType): Tensor {
  return constantResult(currentOpName(), backend, value, [], dtype);
}

/** The dtype a plain number takes next to a tensor of dtype `other` (float32 when alone or fractional next to integers). */
export function dtypeForNumber(value: number, other: DType | undefined): DType {
  if (other === undefined) return 'float32';
  if (other === 'float32' || other === 'float64') return other;
  return Number.isInteger(value) ? (other === 'bool' ? 'int32' : other) : 'float32';
}

/** How the common dtype is chosen for an op family. */
export type Promotion = 'arithmetic' | 'division' | 'comparison' | 'logical';

/**
 * Bring two operands to one dtype on one backend: numbers adopt the tensor's dtype (or float32
 * when fractional), tensors promote bool < int32 < float32 < float64, division of integers gives
 * float32, arithmetic on bools gives int32, logical ops compare as bool.
 */
export function commonOperands(op: string, a: TensorLike, b: TensorLike, promotion: Promotion): [Tensor, Tensor] {
  const tensors = [a, b].filter((v): v is Tensor => typeof v !== 'number');
  const backend = backendOf(op, tensors);
  const dtypeA = typeof a === 'number' ? dtypeForNumber(a, typeof b === 'number' ? undefined : b.dtype) : a.dtype;
  const dtypeB = typeof b === 'number' ? dtypeForNumber(b, typeof a === 'number' ? undefined : a.dtype) : b.dtype;
  let common = promoteTypes(dtypeA, dtypeB);
  if (promotion === 'logical') common = 'bool';
  else if (promotion === 'division' && (common === 'int32' || common === 'bool')) common = 'float32';
  else if (promotion === 'arithmetic' && common === 'bool') common = 'int32';
  const toTensor = (v: TensorLike): Tensor => (typeof v === 'number' ? scalarOn(backend, v, common) : v.dtype === common ? v : cast(v, common));
  return [toTensor(a), toTensor(b)];
}
