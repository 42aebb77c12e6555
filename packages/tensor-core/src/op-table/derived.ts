/**
 * Everything derived from the op tables: op lists, kinds and dtype rules. Nothing here lists an
 * op by name; a new table row shows up in all of them.
 */
import type { DType } from '../dtype.js';
import { BINARY_TABLE, type BinaryKind, type BinaryOp } from './binary-ops.js';
import { UNARY_TABLE, type UnaryKind, type UnaryOp } from './unary-ops.js';

/** Every unary op name, in table order (the order WebAssembly op codes follow). */
export const UNARY_OPS: readonly UnaryOp[] = Object.keys(UNARY_TABLE) as UnaryOp[];

/** Every binary op name, in table order. */
export const BINARY_OPS: readonly BinaryOp[] = Object.keys(BINARY_TABLE) as BinaryOp[];

/** Unary ops of one kind. */
export type UnaryOpOfKind<K extends UnaryKind> = { [O in UnaryOp]: (typeof UNARY_TABLE)[O]['kind'] extends K ? O : never }[UnaryOp];
/** Binary ops of one kind. */
export type BinaryOpOfKind<K extends BinaryKind> = { [O in BinaryOp]: (typeof BINARY_TABLE)[O]['kind'] extends K ? O : never }[BinaryOp];

/** Unary ops with a bool output (logicalNot, isNaN, isFinite...). */
export type PredicateOp = UnaryOpOfKind<'predicate'>;
/** Binary ops with a bool output (comparisons and logical ops). */
export type BoolBinaryOp = BinaryOpOfKind<'comparison' | 'logical'>;

/** The kind of a unary op. */
export function unaryKind(op: UnaryOp): UnaryKind {
  return UNARY_TABLE[op].kind;
}

/** The kind of a binary op. */
export function binaryKind(op: BinaryOp): BinaryKind {
  return BINARY_TABLE[op].kind;
}

/** Whether a unary op returns bool. */
export function isPredicateOp(op: UnaryOp): op is PredicateOp {
  return UNARY_TABLE[op].kind === 'predicate';
}

/** Whether a binary op returns bool. */
export function isBoolBinaryOp(op: BinaryOp): op is BoolBinaryOp {
  const kind = BINARY_TABLE[op].kind;
  return kind === 'comparison' || kind === 'logical';
}

/** Unary ops with a bool output, in table order. */
export const PREDICATE_OPS: readonly PredicateOp[] = UNARY_OPS.filter(isPredicateOp);

/** Binary ops with a bool output, in table order. */
export const BOOL_BINARY_OPS: readonly BoolBinaryOp[] = BINARY_OPS.filter(isBoolBinaryOp);

/** Output dtype of a unary op applied to (an already converted) `x`. */
export function unaryOutDType(op: UnaryOp, x: DType): DType {
  return isPredicateOp(op) ? 'bool' : x;
}

/** Output dtype of a binary op given the (shared) operand dtype. */
export function binaryOutDType(op: BinaryOp, operand: DType): DType {
  return isBoolBinaryOp(op) ? 'bool' : operand;
}

/**
 * The dtype a unary op computes in for an input of dtype `x`: float ops take int32/bool as
 * float32, numeric ops take bool as int32, predicates take anything.
 */
export function unaryComputeDType(op: UnaryOp, x: DType): DType {
  switch (UNARY_TABLE[op].kind) {
    case 'float': return x === 'float32' || x === 'float64' ? x : 'float32';
    case 'numeric': return x === 'bool' ? 'int32' : x;
    case 'predicate': return x;
  }
}

/** The dtype a binary op computes in, given the promoted dtype of its operands. */
export function binaryComputeDType(op: BinaryOp, promoted: DType): DType {
  switch (BINARY_TABLE[op].kind) {
    case 'float': return promoted === 'int32' || promoted === 'bool' ? 'float32' : promoted;
    case 'arithmetic': return promoted === 'bool' ? 'int32' : promoted;
    case 'comparison': return promoted;
    case 'logical': return 'bool';
  }
}

/** Whether a unary op accepts an operand of `dtype` as it is (after {@link unaryComputeDType}). */
export function unaryAccepts(op: UnaryOp, dtype: DType): boolean {
  return unaryComputeDType(op, dtype) === dtype;
}

/** Whether a binary op accepts two operands of `dtype` as they are (logical ops take any dtype, non-zero meaning true). */
export function binaryAccepts(op: BinaryOp, dtype: DType): boolean {
  return BINARY_TABLE[op].kind === 'logical' || binaryComputeDType(op, dtype) === dtype;
}
