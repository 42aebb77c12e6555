import { startWorker, type WorkerHandle } from '@nabla/tensor-core/host';
import { WasmBackendError } from '../errors.js';
import { WORKER_SOURCE } from './worker-source.js';

export type { WorkerHandle } from '@nabla/tensor-core/host';

/** Everything a worker receives to start. */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  /** The relaxed-SIMD overlay whose exports replace the module's of the same name, or null. */
  readonly overlay: WebAssembly.Module | null;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly tid: number;
  readonly numThreads: number;
  readonly kernelNames: readonly string[];
}

/** Start one kernel worker (Node or browser) and resolve once it has instantiated the module. */
export async function spawnWorker(init: WorkerInit): Promise<WorkerHandle> {
  try {
    return await startWorker(WORKER_SOURCE, init, { name: `nabla-wasm-${init.tid}` });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new WasmBackendError('createWasmBackend', `worker ${init.tid} failed to start: ${why}`);
  }
}
