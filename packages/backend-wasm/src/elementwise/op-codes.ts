import { ArgumentError, BINARY_OPS, UNARY_OPS, type ArgReduceOp, type BinaryOp, type ReduceOp, type UnaryOp } from '@nabla/tensor-core';

// Numeric op codes. Elementwise codes are positions in the op tables (UNARY_OPS, BINARY_OPS): the
// kernels' block loops are generated from the same tables (scripts/generate-ops.mjs), and
// {@link opTableFingerprint} lets the loader check that both sides saw the same table. Reduction
// codes must match the constants at the top of assembly/reduce.ts.

const REDUCE: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'any', 'all'];
const ARG_REDUCE: readonly ArgReduceOp[] = ['argmax', 'argmin'];

function codeOf<T extends string>(table: readonly T[], op: T, family: string): number {
  const code = table.indexOf(op);
  if (code < 0) throw new ArgumentError(family, `the wasm backend has no ${family} op '${op}'`);
  return code;
}

/** Kernel code of a unary op (its position in the unary op table). */
export const unaryCode = (op: UnaryOp): number => codeOf(UNARY_OPS, op, 'unary');
/** Kernel code of a binary op (its position in the binary op table). */
export const binaryCode = (op: BinaryOp): number => codeOf(BINARY_OPS, op, 'binary');
/** Kernel code of a reduction. */
export const reduceCode = (op: ReduceOp): number => codeOf(REDUCE, op, 'reduce');
/** Kernel code of an index reduction. */
export const argReduceCode = (op: ArgReduceOp): number => codeOf(ARG_REDUCE, op, 'argReduce');

/** FNV-1a hash of the op names in table order, as scripts/generate-ops.mjs computes it for the kernels. */
export function opTableFingerprint(): number {
  let h = 0x811c9dc5;
  for (const ch of [...UNARY_OPS, '|', ...BINARY_OPS].join(',')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
