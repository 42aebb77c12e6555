/** Every public op, re-exported by idea. */
export * from './activations.js';
export * from './binary.js';
export * from './cast.js';
export * from './conv.js';
export * from './creation.js';
export * from './indexing.js';
export * from './join.js';
export * from './layout.js';
export * from './matmul.js';
export * from './pool.js';
export * from './reduce.js';
export * from './select.js';
export * from './slice.js';
export * from './softmax.js';
export * from './unary.js';
export { scalarOn } from './scalar-operand.js';
export type { Pair, Padding } from './window.js';
export { runOp, runKernel, backendOf, wrap } from './run.js';
