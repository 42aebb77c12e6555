import { WasmBackendError } from './errors.js';
import { PARAM_WORDS, type KernelContext } from './runtime/kernel-context.js';
import { opTableFingerprint } from './elementwise/op-codes.js';
import { WasmHeap } from './storage/wasm-heap.js';
import { MAX_THREADS } from './threads/control-block.js';
import { availableCores, canShareMemory } from '@nabla/tensor-core/host';
import { ThreadPool } from './threads/thread-pool.js';
import { compileKernelModule, compileRelaxedOverlay, instantiateKernels, MEMORY_PAGES, WASM_PAGE_BYTES } from './wasm/load-kernel-module.js';
import { relaxedSimdSupported } from './wasm/relaxed-simd.js';
import { WasmBackend } from './wasm-backend.js';

/** Options of createWasmBackend. */
export interface WasmBackendOptions {
  /** Threads kernels may use, the calling one included (default: the number of cores). */
  readonly numThreads?: number;
  /** Upper bound of the heap in bytes (default and maximum: 4 GiB). */
  readonly maxMemoryBytes?: number;
  /**
   * Use the relaxed-SIMD GEMM and convolution kernels (f32x4.relaxed_madd) where the engine
   * supports them (default true; false forces the SIMD128 kernels everywhere).
   */
  readonly relaxedSimd?: boolean;
}

/**
 * Compile the kernel module, create the shared memory and its allocator, and start the worker
 * pool. Without cross-origin isolation (browsers) the backend runs on one thread and says so.
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const requested = options.numThreads ?? Math.min(availableCores(), MAX_THREADS);
  if (!Number.isInteger(requested) || requested < 1 || requested > MAX_THREADS) {
    throw new RangeError(`createWasmBackend: numThreads must be an integer in [1, ${MAX_THREADS}], got ${requested}`);
  }
  let numThreads = requested;
  if (numThreads > 1 && !canShareMemory()) {
    console.info('nabla wasm backend: the page is not cross-origin isolated, so SharedArrayBuffer is unavailable; running on 1 thread.');
    numThreads = 1;
  }
  const maximumPages = Math.min(MEMORY_PAGES.maximum, Math.floor((options.maxMemoryBytes ?? Infinity) / WASM_PAGE_BYTES));
  const shared = canShareMemory();
  const module = await compileKernelModule(shared);
  const overlay = options.relaxedSimd !== false && relaxedSimdSupported() ? await compileRelaxedOverlay(shared) : null;
  const { memory, pages } = createMemory(maximumPages, shared);
  const kernels = instantiateKernels(module, memory, overlay);
  if (kernels.op_table_fingerprint() !== opTableFingerprint()) {
    throw new WasmBackendError('createWasmBackend', 'the kernel module was generated from a different op table than @nabla/tensor-core\'s; rebuild it (pnpm --filter @nabla/backend-wasm build:wasm)');
  }
  const heap = new WasmHeap(memory, kernels.heap_base(), pages * WASM_PAGE_BYTES);
  const paramPtr = heap.allocScratch(PARAM_WORDS * 4);
  const gemmScratchStride = Math.ceil(kernels.gemm_scratch_bytes() / 64) * 64;
  const gemmScratchPtr = heap.allocScratch(gemmScratchStride * numThreads);
  const workCounterPtr = heap.allocScratch(64);
  const pool = await ThreadPool.create(kernels, module, overlay, memory, numThreads);
  const ctx: KernelContext = { heap, pool, kernels, paramPtr, gemmScratchPtr, gemmScratchStride, workCounterPtr, kernelVariant: overlay === null ? 'simd128' : 'relaxed-simd' };
  return new WasmBackend(ctx);
}

/**
 * The kernel memory. A shared memory reserves its maximum address range up front, which can fail
 * on small devices, so the maximum is halved (down to 256 MiB) until the engine accepts it.
 */
function createMemory(maximumPages: number, shared: boolean): { memory: WebAssembly.Memory; pages: number } {
  const floor = Math.min(maximumPages, 4096);
  for (let pages = maximumPages; ; pages = Math.max(floor, Math.floor(pages / 2))) {
    try {
      return { memory: new WebAssembly.Memory({ initial: MEMORY_PAGES.initial, maximum: pages, shared }), pages };
    } catch (error) {
      if (!(error instanceof RangeError) || pages === floor) throw error;
    }
  }
}
