import { BackendError } from '@nabla/tensor-core';
import { CONTROL, controlBytes, messageByteOffset } from './control-block.js';
import { canBlock, startWorker, type WorkerHandle } from '@nabla/tensor-core/host';
import type { GemmJob } from './gemm-job.js';
import { workerSource } from './worker-source.js';

let source: string | undefined;

/** A started worker and the id that names its message slot. */
interface Started {
  readonly tid: number;
  readonly worker: WorkerHandle;
}

/**
 * GEMM worker threads that the calling thread drives synchronously. A job is posted to some
 * workers, the caller runs its own part, then waits on a shared done counter
 * (`Atomics.wait` where the thread may block, a spin on `Atomics.load` on a browser main thread).
 * Workers start asynchronously; until they have answered, jobs simply use fewer threads.
 */
export class ThreadPool {
  private readonly control: Int32Array;
  private readonly blocking = canBlock();
  private readonly workers: Started[] = [];
  private arenaBuffer = new SharedArrayBuffer(0);
  private disposed = false;
  /** Settles once every worker has started or failed to. */
  readonly started: Promise<void>;

  /** Start `numThreads - 1` workers (the calling thread is the other one). */
  constructor(numThreads: number) {
    const spawned = Math.max(0, numThreads - 1);
    const controlBuffer = new SharedArrayBuffer(controlBytes(spawned));
    this.control = new Int32Array(controlBuffer);
    source ??= workerSource();
    const code = source;
    this.started = Promise.allSettled(
      Array.from({ length: spawned }, (_, i) => {
        const tid = i + 1;
        const dropOnError = (): void => {
          const at = this.workers.findIndex((w) => w.tid === tid);
          if (at >= 0) this.workers.splice(at, 1);
        };
        return startWorker(code, { type: 'init', control: controlBuffer, tid }, { name: `nabla-js-gemm-${tid}`, onError: dropOnError }).then((worker) => {
          if (this.disposed) worker.terminate();
          else this.workers.push({ tid, worker });
        });
      }),
    ).then((results) => {
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) {
        const why = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
        console.warn(`nabla js backend: a GEMM worker thread failed to start (${why}); running on ${this.numThreads} thread(s).`);
      }
    });
  }

  /** Threads a job can use right now: the started workers plus the calling thread. */
  get numThreads(): number {
    return this.workers.length + 1;
  }

  /** Bytes of shared scratch currently held. */
  get arenaBytes(): number {
    return this.arenaBuffer.byteLength;
  }

  /** Shared scratch of at least `bytes` bytes (grown by half again when too small; contents not kept). */
  arena(bytes: number): SharedArrayBuffer {
    if (this.arenaBuffer.byteLength < bytes) {
      this.arenaBuffer = new SharedArrayBuffer(Math.max(bytes, Math.ceil(this.arenaBuffer.byteLength * 1.5 / 8) * 8));
    }
    return this.arenaBuffer;
  }

  /** The control block's counters; `gemmBands` claims bands from slot CONTROL.next. */
  get counters(): Int32Array {
    return this.control;
  }

  /**
   * Post `job` to `workers` workers, run `own` (the caller's part of it) on the calling thread,
   * and return once all are done. A failure in any of them throws a BackendError naming `op` and
   * `what`, after every thread has finished, so the arena is never written behind the caller's back.
   */
  run(op: string, what: string, job: GemmJob, workers: number, own: () => void): void {
    if (workers > this.workers.length) {
      throw new BackendError(op, `${what}: ${workers} worker shares for ${this.workers.length} started workers`);
    }
    const ctrl = this.control;
    Atomics.store(ctrl, CONTROL.done, 0);
    Atomics.store(ctrl, CONTROL.failures, 0);
    Atomics.store(ctrl, CONTROL.next, 0);
    const arena = this.arenaBuffer;
    const used = this.workers.slice(0, workers);
    for (const { tid, worker } of used) {
      Atomics.store(ctrl, messageByteOffset(tid) >> 2, 0);
      worker.postMessage({ type: 'gemm', arena, job });
    }
    let ownError: unknown;
    try {
      own();
    } catch (error) {
      ownError = error;
    }
    this.wait(workers);
    if (Atomics.load(ctrl, CONTROL.failures) > 0) {
      const reasons = used.map((w) => this.message(w.tid)).filter((m) => m !== '');
      throw new BackendError(op, `${what}: a worker thread failed: ${reasons.join('; ')}`);
    }
    if (ownError !== undefined) throw ownError;
  }

  /** Terminate the workers and drop the scratch; later jobs run on the calling thread. */
  dispose(): void {
    this.disposed = true;
    for (const { worker } of this.workers.splice(0)) worker.terminate();
    this.arenaBuffer = new SharedArrayBuffer(0);
  }

  private wait(expected: number): void {
    const ctrl = this.control;
    for (;;) {
      const done = Atomics.load(ctrl, CONTROL.done);
      if (done >= expected) return;
      if (this.blocking) Atomics.wait(ctrl, CONTROL.done, done);
    }
  }

  /** The error text worker `tid` left in its slot ('' when none). */
  private message(tid: number): string {
    const at = messageByteOffset(tid);
    const length = Atomics.load(this.control, at >> 2);
    return String.fromCharCode(...new Uint16Array(this.control.buffer, at + 4, length));
  }
}
