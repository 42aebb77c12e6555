// Work sizes below which a kernel stays on the calling thread. Waking a worker costs ~20 µs on
// an idle machine and far more when the cores are shared, so only work that runs well over
// ~100 µs on one thread is split: the small tensors of a recurrent step never leave the caller.

/** Elements for elementwise kernels, casts, fills, copies and reductions. */
export const MIN_PARALLEL_ELEMENTS = 1 << 18;
/** Multiply-adds (M·N·K) for matmul and convolutions. */
export const MIN_PARALLEL_MACS = 1 << 22;
/**
 * Multiply-adds for a matmul of at most FEW_ROWS rows (a recurrent step's h·W_hhᵀ and its
 * gradient, 32×128·128×512): the threads split its columns, which needs no shared packing step,
 * so it pays off from about 25 µs of work per thread while the worker is still polling (100 →
 * 55 µs back to back). A worker already asleep joins too late for such a product, and the caller
 * then runs both halves: about its one-thread time, up to +30% after a 1 ms gap (bench README,
 * session 8).
 */
export const MIN_PARALLEL_MACS_FEW_ROWS = 1 << 20;
/** Rows up to which a single matmul splits its columns between threads (assembly/matmul.ts DIRECT_B_MAX_ROWS). */
export const FEW_ROWS = 64;
/**
 * Gate elements (B·4H) for the fused LSTM cell: each costs a sigmoid or tanh and a few products
 * (about 2.8 ns on one thread, forward or backward), so 2^16 of them run ~180 µs. The char-LSTM
 * step's [32, 4·128] gates (~46 µs) stay on the calling thread.
 */
export const MIN_PARALLEL_LSTM_GATES = 1 << 16;
/** Window cells visited (outputs × window size) for pooling. */
export const MIN_PARALLEL_POOL_CELLS = 1 << 18;
