// Work sizes below which a kernel stays on the calling thread (waking workers costs ~10-50 µs).

/** Elements for elementwise kernels, casts, fills and copies. */
export const MIN_PARALLEL_ELEMENTS = 1 << 16;
/** Multiply-adds (M·N·K) for matmul and convolutions. */
export const MIN_PARALLEL_MACS = 1 << 20;
/** Window cells visited (outputs × window size) for pooling. */
export const MIN_PARALLEL_POOL_CELLS = 1 << 17;
