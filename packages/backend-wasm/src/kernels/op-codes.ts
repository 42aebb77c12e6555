import { ArgumentError, type ArgReduceOp, type BinaryOp, type ReduceOp, type UnaryOp } from '@nabla/tensor-core';

// Numeric op codes; they must match the constants at the top of the assembly/*.ts kernels.

const UNARY: readonly UnaryOp[] = [
  'neg', 'abs', 'sign', 'square', 'reciprocal', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  'sigmoid', 'softplus', 'relu', 'step', 'erf', 'floor', 'ceil', 'round', 'trunc',
  'logicalNot', 'isNaN', 'isFinite',
];

const BINARY: readonly BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'mod', 'floorDiv', 'atan2',
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual',
  'logicalAnd', 'logicalOr', 'logicalXor',
];

const REDUCE: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'any', 'all'];
const ARG_REDUCE: readonly ArgReduceOp[] = ['argmax', 'argmin'];

function codeOf<T extends string>(table: readonly T[], op: T, family: string): number {
  const code = table.indexOf(op);
  if (code < 0) throw new ArgumentError(family, `the wasm backend has no ${family} op '${op}'`);
  return code;
}

/** Kernel code of a unary op. */
export const unaryCode = (op: UnaryOp): number => codeOf(UNARY, op, 'unary');
/** Kernel code of a binary op. */
export const binaryCode = (op: BinaryOp): number => codeOf(BINARY, op, 'binary');
/** Kernel code of a reduction. */
export const reduceCode = (op: ReduceOp): number => codeOf(REDUCE, op, 'reduce');
/** Kernel code of an index reduction. */
export const argReduceCode = (op: ArgReduceOp): number => codeOf(ARG_REDUCE, op, 'argReduce');

/** Whether a binary op writes bool. */
export const isComparison = (op: BinaryOp): boolean => binaryCode(op) >= binaryCode('equal');
/** Whether a unary op writes bool. */
export const isPredicate = (op: UnaryOp): boolean => op === 'logicalNot' || op === 'isNaN' || op === 'isFinite';
