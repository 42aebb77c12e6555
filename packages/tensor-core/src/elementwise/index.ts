/** Elementwise programs: their types, builder, standard one-op programs and scalar semantics. */
export * from './program.js';
export { ProgramBuilder, convertScalar } from './builder.js';
export * from './programs.js';
export * from './scalar-semantics.js';
