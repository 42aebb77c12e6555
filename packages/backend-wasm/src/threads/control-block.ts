/**
 * Layout of the SharedArrayBuffer through which the calling thread drives the workers.
 * Int32 slots, then float64 argument slots from byte ARGS_BYTE_OFFSET.
 */
export const CONTROL = {
  /** Bumped by the caller to start a job; workers wait on it. */
  generation: 0,
  /** Workers that joined the current job and finished it. */
  done: 1,
  /** Index of the kernel in PARALLEL_KERNEL_NAMES. */
  kernel: 2,
  /** Number of argument slots used (tid and nt excluded). */
  argCount: 3,
  /** Workers whose kernel threw during the current job. */
  failures: 4,
  /** Non-zero when the workers must exit. */
  stop: 5,
  /** Next share of the current job to hand out (threads take shares with Atomics.add). */
  nextShare: 6,
  /** Shares of the current job (its `nt`). */
  shares: 7,
  /** Admission word of the current job; see JOB_TAG_UNIT and JOB_CLOSED. */
  admission: 8,
} as const;

/**
 * The admission word packs `tag * JOB_TAG_UNIT + (closed ? JOB_CLOSED : 0) + joined`, where tag
 * is the job's generation modulo JOB_TAGS. A worker joins by a compare-exchange that bumps
 * `joined` while the tag is its job's and the job is still open; the caller closes the job once
 * every share is taken and then waits only for the workers that joined.
 */
export const JOB_TAG_UNIT = 1024;
/** Flag set in the admission word once the job takes no more workers. */
export const JOB_CLOSED = 512;
/** Most threads a pool may have (the caller plus JOB_CLOSED - 1 workers fit the joined count). */
export const MAX_THREADS = JOB_CLOSED;
/** Distinct job tags (generation modulo this). */
export const JOB_TAGS = 1 << 20;

/** Int32 slots reserved for the fields above. */
export const CONTROL_INT_SLOTS = 16;
/** Byte offset of the float64 argument slots. */
export const ARGS_BYTE_OFFSET = 64;
/** Maximum kernel arguments (tid and nt excluded). */
export const MAX_ARGS = 32;
/** Total bytes of the control block. */
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + MAX_ARGS * 8;
