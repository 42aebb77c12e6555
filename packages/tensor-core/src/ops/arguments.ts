/**
 * Checking arguments that reach an op from untyped callers (JavaScript, `as any`, JSON): a value
 * that is not what the signature says gets a typed error naming the op and what was received,
 * never a raw TypeError from deep inside the op.
 */
import { describeValue } from '../describe-value.js';
import { ArgumentError } from '../errors.js';
import { Tensor } from '../tensor.js';

/** Throws an ArgumentError naming `op` unless `value` is a Tensor (of any shape [...]). */
export function assertTensor(op: string, value: unknown, what = 'argument'): asserts value is Tensor {
  if (value instanceof Tensor) return;
  const hint = Array.isArray(value) || ArrayBuffer.isView(value) ? ' (make values a tensor first: tensor(values))' : '';
  throw new ArgumentError(op, `expected a Tensor as ${what}, got ${describeValue(value)}${hint}`);
}

/** Throws an ArgumentError naming `op` unless `value` is an array of tensors (each of any shape [...]). */
export function assertTensorList(op: string, value: unknown, what = 'tensors'): asserts value is readonly Tensor[] {
  if (!Array.isArray(value)) throw new ArgumentError(op, `expected an array of tensors as ${what}, got ${describeValue(value)}`);
  value.forEach((t, i) => assertTensor(op, t, `${what}[${i}]`));
}
