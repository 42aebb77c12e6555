/**
 * Layout of the SharedArrayBuffer through which the calling thread drives the workers.
 * Int32 slots, then float64 argument slots from byte ARGS_BYTE_OFFSET.
 */
export const CONTROL = {
  /** Bumped by the caller to start a job; workers wait on it. */
  generation: 0,
  /** Workers that finished the current job. */
  done: 1,
  /** Index of the kernel in PARALLEL_KERNEL_NAMES. */
  kernel: 2,
  /** Number of argument slots used (tid and nt excluded). */
  argCount: 3,
  /** Workers whose kernel threw during the current job. */
  failures: 4,
  /** Non-zero when the workers must exit. */
  stop: 5,
} as const;

/** Int32 slots reserved for the fields above. */
export const CONTROL_INT_SLOTS = 16;
/** Byte offset of the float64 argument slots. */
export const ARGS_BYTE_OFFSET = 64;
/** Maximum kernel arguments (tid and nt excluded). */
export const MAX_ARGS = 32;
/** Total bytes of the control block. */
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + MAX_ARGS * 8;
