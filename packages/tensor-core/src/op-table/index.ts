/** The op tables and everything derived from them. */
export { UNARY_TABLE, type UnaryOp, type UnaryKind, type UnaryOpSpec } from './unary-ops.js';
export { BINARY_TABLE, type BinaryOp, type BinaryKind, type BinaryOpSpec } from './binary-ops.js';
export * from './derived.js';
export { saturateToInt32 } from './scalar-math.js';
