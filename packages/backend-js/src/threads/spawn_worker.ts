import { isNode } from './environment.js';

/** What the pool needs from a worker, in Node or a browser. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Called once if a started worker later dies of an uncaught error. */
export type OnWorkerError = (error: Error) => void;

/**
 * Start one worker running `source` and resolve once it answered the init message (so jobs
 * posted to it are picked up without the caller having to yield). Node workers are unref'd:
 * they never keep the process alive.
 */
export function spawnWorker(source: string, tid: number, control: SharedArrayBuffer, onError: OnWorkerError): Promise<WorkerHandle> {
  return isNode() ? spawnNodeWorker(source, tid, control, onError) : spawnBrowserWorker(source, tid, control, onError);
}

async function spawnNodeWorker(source: string, tid: number, control: SharedArrayBuffer, onError: OnWorkerError): Promise<WorkerHandle> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(source, { eval: true, name: `nabla-js-gemm-${tid}` });
  worker.unref();
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    // an 'error' without a listener would crash the process: keep one for the worker's lifetime
    worker.on('error', (error: Error) => {
      reject(error);
      onError(error);
    });
    worker.postMessage({ type: 'init', control, tid });
  });
  return { postMessage: (m) => worker.postMessage(m), terminate: () => void worker.terminate() };
}

async function spawnBrowserWorker(source: string, tid: number, control: SharedArrayBuffer, onError: OnWorkerError): Promise<WorkerHandle> {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: `nabla-js-gemm-${tid}` });
  URL.revokeObjectURL(url);
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => {
      const error = new Error(event.message);
      reject(error);
      onError(error);
    };
    worker.postMessage({ type: 'init', control, tid });
  });
  worker.onmessage = null;
  return worker;
}
