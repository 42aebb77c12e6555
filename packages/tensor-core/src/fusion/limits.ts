/** How far fusion goes: bounds that keep fused programs small enough for every backend. */

/**
 * Distinct buffers one fused program reads. WebGPU guarantees 8 storage buffers per shader
 * stage: the parameter block and the output take two.
 */
export const MAX_FUSED_INPUTS = 6;

/**
 * Inputs of one fused program counted as views (several may read one buffer: the gates of a
 * recurrent cell sliced from one projection): bounds the index arithmetic of one element.
 */
export const MAX_FUSED_VIEWS = 16;

/** Steps of one fused program (longer chains are cut: their inputs run first). */
export const MAX_FUSED_STEPS = 64;

/** Deferred programs chained below one another before the chain is run. */
export const MAX_DEFERRED_DEPTH = 32;

/**
 * Steps of a deferred program that is still inlined where it is broadcast (recomputed for every
 * element it is repeated to): `log(sum) + max` inside logSoftmax, a bias expression.
 */
export const MAX_BROADCAST_INLINE_STEPS = 3;
