import { WasmBackendError } from '../errors.js';
import { isNode } from './environment.js';
import { WORKER_SOURCE } from './worker-source.js';

/** What the pool needs from a worker, in Node or a browser. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Everything a worker receives to start. */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly tid: number;
  readonly numThreads: number;
  readonly kernelNames: readonly string[];
}

/** Start one kernel worker and resolve once it has instantiated the module. */
export async function spawnWorker(init: WorkerInit): Promise<WorkerHandle> {
  return isNode() ? spawnNodeWorker(init) : spawnBrowserWorker(init);
}

async function spawnNodeWorker(init: WorkerInit): Promise<WorkerHandle> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  // Idle workers must not keep the process alive.
  worker.unref();
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', (error: Error) => reject(new WasmBackendError('createWasmBackend', `worker ${init.tid} failed to start: ${error.message}`)));
    worker.postMessage(init);
  });
  return { postMessage: (m) => worker.postMessage(m), terminate: () => void worker.terminate() };
}

async function spawnBrowserWorker(init: WorkerInit): Promise<WorkerHandle> {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => reject(new WasmBackendError('createWasmBackend', `worker ${init.tid} failed to start: ${event.message}`));
    worker.postMessage(init);
  });
  worker.onmessage = null;
  return worker;
}
