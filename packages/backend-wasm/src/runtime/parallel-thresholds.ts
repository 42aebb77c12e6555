// Work sizes below which a kernel stays on the calling thread. Waking a worker costs ~20 µs on
// an idle machine and far more when the cores are shared, so only work that runs well over
// ~100 µs on one thread is split: the small tensors of a recurrent step never leave the caller.

/** Elements for elementwise kernels, casts, fills, copies and reductions. */
export const MIN_PARALLEL_ELEMENTS = 1 << 18;
/** Multiply-adds (M·N·K) for matmul and convolutions. */
export const MIN_PARALLEL_MACS = 1 << 22;
/** Window cells visited (outputs × window size) for pooling. */
export const MIN_PARALLEL_POOL_CELLS = 1 << 18;
