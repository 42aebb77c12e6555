/**
 * What the host offers for threads — Node or browser, shared memory, blocking waits, cores — and
 * how to start a worker from source text there. The one copy the threaded backends share
 * (`@nabla/tensor-core/host`).
 *
 * Node built-ins are reached through `process.getBuiltinModule` (Node ≥ 20.16), never through an
 * `import('node:…')`: a browser bundler (webpack 5, `esbuild --platform=browser`) then finds no
 * `node:` specifier to resolve, and the same code runs unchanged under `node -e`, the REPL,
 * `--input-type=module` and single-file bundles. Nothing here names a DOM type, so the
 * declarations compile without the DOM lib.
 */

interface NodeProcess {
  readonly versions: { readonly node?: string };
  readonly env: Record<string, string | undefined>;
  getBuiltinModule?(id: string): unknown;
}

/** The parts of `node:os` the probes read. */
interface NodeOs {
  availableParallelism?(): number;
  cpus(): readonly unknown[];
}

/** A Node `worker_threads.Worker`, as far as the pool drives one. */
interface NodeWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
  unref(): void;
  once(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface NodeWorkerThreads {
  readonly Worker: new (source: string, options: { eval: true; name?: string; execArgv?: string[] }) => NodeWorker;
}

/** A browser `Worker`, as far as the pool drives one. */
interface BrowserWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message: string }) => void) | null;
}

interface BrowserGlobals {
  readonly Worker: new (url: string, options?: { name?: string }) => BrowserWorker;
  readonly Blob: new (parts: string[], options: { type: string }) => object;
  readonly URL: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
}

function nodeProcess(): NodeProcess | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  return typeof proc?.versions?.node === 'string' ? proc : undefined;
}

/** True under Node.js (also Deno and Bun, which present themselves as Node). */
export function isNode(): boolean {
  return nodeProcess() !== undefined;
}

/** A Node built-in module by its `node:` id, or undefined outside Node (or before Node 20.16). */
function nodeBuiltin<T>(id: string): T | undefined {
  const get = nodeProcess()?.getBuiltinModule;
  return typeof get === 'function' ? (get.call(nodeProcess(), id) as T) : undefined;
}

/** Whether memory can be shared with workers (always in Node; in cross-origin isolated pages). */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  if (isNode()) return true;
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** Whether this thread may block in `Atomics.wait` (everywhere but a browser main thread). */
export function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Logical cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers, else 1. */
export function availableCores(): number {
  const os = nodeBuiltin<NodeOs>('node:os');
  if (os) return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}

/** An environment variable (Node only); undefined when unset, empty, or not in Node. */
export function environmentVariable(name: string): string | undefined {
  const value = nodeProcess()?.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Worker-side prelude, for a worker source evaluated as a classic script: it declares
 * `const isNode` and `const port` (Node's `parentPort` or the browser worker's `self`), found the
 * same way whether Node evaluates the worker as CommonJS or — under `--input-type=module`, whose
 * flag workers inherit — as an ES module, where `require` does not exist.
 */
export const WORKER_PORT_PRELUDE = `const isNode = typeof process === 'object' && process !== null && !!(process.versions && process.versions.node);
const port = isNode
  ? (typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:worker_threads') : require('node:worker_threads')).parentPort
  : self;`;

/** What a thread pool needs from a started worker, in Node or a browser. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Options of `startWorker`. */
export interface StartWorkerOptions {
  /** Thread name shown by debuggers and `node --inspect`. */
  readonly name?: string;
  /** Called once if the worker dies of an uncaught error after it started. */
  readonly onError?: (error: Error) => void;
}

/**
 * Start a worker running `source` (a classic script that begins with WORKER_PORT_PRELUDE), post
 * it `init`, and resolve once it answers with its first message — so work posted afterwards is
 * picked up without the caller having to yield. Node workers are unref'd: an idle pool never keeps
 * the process alive. Rejects with the worker's error if it fails to start.
 */
export function startWorker(source: string, init: unknown, options: StartWorkerOptions = {}): Promise<WorkerHandle> {
  const threads = nodeBuiltin<NodeWorkerThreads>('node:worker_threads');
  if (threads) return startNodeWorker(threads, source, init, options);
  if (isNode()) return Promise.reject(new Error('this Node has no process.getBuiltinModule (needs Node ≥ 20.16)'));
  return startBrowserWorker(source, init, options);
}

function startNodeWorker(threads: NodeWorkerThreads, source: string, init: unknown, options: StartWorkerOptions): Promise<WorkerHandle> {
  return new Promise<WorkerHandle>((resolve, reject) => {
    const worker = new threads.Worker(source, { eval: true, ...(options.name ? { name: options.name } : {}) });
    worker.unref();
    let started = false;
    worker.once('message', () => {
      started = true;
      resolve({ postMessage: (m) => worker.postMessage(m), terminate: () => void worker.terminate() });
    });
    // an 'error' without a listener would crash the process: keep one for the worker's lifetime
    worker.on('error', (error: Error) => {
      if (started) options.onError?.(error);
      else reject(error);
    });
    worker.postMessage(init);
  });
}

function startBrowserWorker(source: string, init: unknown, options: StartWorkerOptions): Promise<WorkerHandle> {
  const host = globalThis as unknown as Partial<BrowserGlobals>;
  if (!host.Worker || !host.Blob || !host.URL) return Promise.reject(new Error('this environment has no Worker'));
  const url = host.URL.createObjectURL(new host.Blob([source], { type: 'text/javascript' }));
  const worker = new host.Worker(url, options.name ? { name: options.name } : undefined);
  host.URL.revokeObjectURL(url);
  return new Promise<WorkerHandle>((resolve, reject) => {
    let started = false;
    worker.onmessage = () => {
      started = true;
      worker.onmessage = null;
      resolve(worker);
    };
    worker.onerror = (event) => {
      const error = new Error(event.message);
      if (started) options.onError?.(error);
      else reject(error);
    };
    worker.postMessage(init);
  });
}
