/**
 * Layout of the SharedArrayBuffer through which workers report back while the caller blocks:
 * Int32 counters, then one fixed-size UTF-16 error message slot per worker.
 */
export const CONTROL = {
  /** Workers that finished the current job (successfully or not). */
  done: 0,
  /** Workers whose job threw. */
  failures: 1,
  /** The next band of the current GEMM to claim (Atomics.add by every thread). */
  next: 2,
} as const;

/** Int32 slots reserved for the counters above. */
export const COUNTER_SLOTS = 4;
/** UTF-16 code units kept of a worker's error message. */
export const MESSAGE_CHARS = 240;
/** Byte offset of worker `tid`'s message slot (a length word, then the characters). */
export function messageByteOffset(tid: number): number {
  return COUNTER_SLOTS * 4 + tid * (4 + MESSAGE_CHARS * 2);
}
/** Bytes of a control block for `workers` workers (tids 1..workers). */
export function controlBytes(workers: number): number {
  return messageByteOffset(workers + 1);
}
