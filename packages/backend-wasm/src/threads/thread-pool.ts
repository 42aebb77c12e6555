import { WasmKernelError } from '../errors.js';
import { PARALLEL_KERNEL_NAMES, type KernelExports, type ParallelKernelName } from '../wasm/kernel-exports.js';
import { ARGS_BYTE_OFFSET, CONTROL, CONTROL_BYTES, CONTROL_INT_SLOTS, JOB_CLOSED, JOB_TAG_UNIT, JOB_TAGS, MAX_ARGS } from './control-block.js';
import { canBlock } from '@nabla/tensor-core/host';
import { spawnWorker, type WorkerHandle } from './spawn-worker.js';
import { callKernel, type KernelFunction } from './call-kernel.js';

/** How long the caller polls for joined workers to finish before it sleeps in Atomics.wait. */
const CALLER_POLL_MS = 0.02;

/**
 * Runs kernels on the calling thread plus `numThreads - 1` workers that share the memory.
 * A call is synchronous for the caller: it posts the job through the control block (Atomics)
 * and takes shares itself like any worker, so a worker that is slow to wake (a busy core) costs
 * nothing: once every share is taken the caller closes the job and waits only for the workers
 * that joined (Atomics.wait where the thread may block, a spin on a browser main thread).
 */
export class ThreadPool {
  private readonly control: Int32Array;
  private readonly slots: Float64Array;
  private readonly blocking = canBlock();
  private stopped = false;

  private constructor(
    private readonly kernels: KernelExports,
    private readonly workers: readonly WorkerHandle[],
    controlBuffer: SharedArrayBuffer | ArrayBuffer,
  ) {
    this.control = new Int32Array(controlBuffer, 0, CONTROL_INT_SLOTS);
    this.slots = new Float64Array(controlBuffer, ARGS_BYTE_OFFSET, MAX_ARGS);
  }

  /**
   * A pool of `numThreads` threads (the caller counts as one); 1 means no workers. Workers
   * instantiate `module`, and `overlay` (the relaxed-SIMD kernels) over it when given. If a worker
   * fails to start, the pool falls back to the calling thread alone and says so on the console.
   */
  static async create(kernels: KernelExports, module: WebAssembly.Module, overlay: WebAssembly.Module | null, memory: WebAssembly.Memory, numThreads: number): Promise<ThreadPool> {
    if (numThreads <= 1) return new ThreadPool(kernels, [], new ArrayBuffer(CONTROL_BYTES));
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    const started = await Promise.allSettled(
      Array.from({ length: numThreads - 1 }, (_, i) =>
        spawnWorker({ module, overlay, memory, control, tid: i + 1, numThreads, kernelNames: PARALLEL_KERNEL_NAMES }),
      ),
    );
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure !== undefined) {
      // Workers index their share by (tid, numThreads): a partial pool cannot run, so use none.
      for (const worker of workers) worker.terminate();
      const reason = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
      console.warn(`nabla wasm backend: could not start worker threads (${reason}); running on 1 thread.`);
      return new ThreadPool(kernels, [], new ArrayBuffer(CONTROL_BYTES));
    }
    return new ThreadPool(kernels, workers, control);
  }

  /** Threads in use, the caller included. */
  get numThreads(): number {
    return this.workers.length + 1;
  }

  /** Threads a job of `work` units would use: all of them at or above `minParallelWork`, else 1. */
  threadsFor(work: number, minParallelWork: number): number {
    return work >= minParallelWork && !this.stopped ? this.numThreads : 1;
  }

  /**
   * Run `kernel(...args, share, shares)` for every share in [0, threads) (threads is 1 or
   * numThreads), spread over the caller and the workers that join in time; returns when all ran.
   */
  run<K extends ParallelKernelName>(kernel: K, args: readonly number[], threads: number): void {
    const fn = this.kernels[kernel] as KernelFunction;
    if (threads <= 1 || this.workers.length === 0 || this.stopped) {
      callKernel(fn, args, 0, 1);
      return;
    }
    const ctrl = this.control;
    const shares = this.numThreads;
    const generation = (Atomics.load(ctrl, CONTROL.generation) + 1) | 0;
    Atomics.store(ctrl, CONTROL.done, 0);
    Atomics.store(ctrl, CONTROL.failures, 0);
    Atomics.store(ctrl, CONTROL.kernel, PARALLEL_KERNEL_NAMES.indexOf(kernel));
    Atomics.store(ctrl, CONTROL.argCount, args.length);
    Atomics.store(ctrl, CONTROL.shares, shares);
    Atomics.store(ctrl, CONTROL.nextShare, 0);
    Atomics.store(ctrl, CONTROL.admission, (generation & (JOB_TAGS - 1)) * JOB_TAG_UNIT);
    this.slots.set(args);
    Atomics.store(ctrl, CONTROL.generation, generation);
    Atomics.notify(ctrl, CONTROL.generation);
    let ownError: unknown;
    try {
      for (let share = Atomics.add(ctrl, CONTROL.nextShare, 1); share < shares; share = Atomics.add(ctrl, CONTROL.nextShare, 1)) {
        callKernel(fn, args, share, shares);
      }
    } catch (error) {
      ownError = error;
    }
    this.waitForJoinedWorkers();
    const failures = Atomics.load(ctrl, CONTROL.failures);
    if (ownError !== undefined || failures > 0) {
      const reason = ownError instanceof Error ? ownError.message : `${failures} worker(s) trapped`;
      throw new WasmKernelError(kernel, `wasm kernel failed: ${reason}`);
    }
  }

  /** Stop and terminate the workers; later jobs run on the calling thread. */
  terminate(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.workers.length === 0) return;
    Atomics.store(this.control, CONTROL.stop, 1);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    for (const worker of this.workers) worker.terminate();
  }

  /** Close the current job to late workers, then wait until every worker that joined is done. */
  private waitForJoinedWorkers(): void {
    const ctrl = this.control;
    let word = Atomics.load(ctrl, CONTROL.admission);
    for (;;) {
      const seen = Atomics.compareExchange(ctrl, CONTROL.admission, word, word | JOB_CLOSED);
      if (seen === word) break;
      word = seen;
    }
    const joined = word % JOB_CLOSED;
    // Workers that took the last shares usually finish within microseconds of the caller: poll
    // briefly before paying for a futex sleep and wake-up.
    const pollUntil = performance.now() + CALLER_POLL_MS;
    for (let i = 1; ; i++) {
      const done = Atomics.load(ctrl, CONTROL.done);
      if (done >= joined) return;
      if (this.blocking && (i & 63) === 0 && performance.now() > pollUntil) Atomics.wait(ctrl, CONTROL.done, done);
    }
  }
}
