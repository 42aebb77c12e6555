/**
 * The suite's independent float64 reference implementations (naive loops, written apart from
 * tensor-core), exported as `@nabla/backend-conformance/reference` for backends' own tests.
 */
export * from './attention.js';
export * from './broadcast.js';
export * from './conv.js';
export * from './elementwise.js';
export * from './erf.js';
export * from './indexing.js';
export * from './layout.js';
export * from './lstm-cell.js';
export * from './matmul.js';
export * from './ndarray.js';
export * from './pool.js';
export * from './reduce.js';
export * from './softmax.js';
export * from './structural.js';
