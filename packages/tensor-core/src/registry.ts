/** Backends register themselves by name; apps pick one at runtime. */
import type { Backend } from './backend.js';
import { BackendError } from './errors.js';
import { environmentVariable } from './host.js';

/** Creates a backend; may be async (WebGPU adapters, WASM compilation). */
export type BackendFactory = () => Backend | Promise<Backend>;

/** Registration options. */
export interface RegisterOptions {
  /** The factory returns a Backend synchronously, so `getBackend()` may create it on demand. */
  readonly sync?: boolean;
}

interface Entry {
  readonly name: string;
  readonly factory: BackendFactory;
  readonly priority: number;
  readonly sync: boolean;
  instance?: Backend;
  /** Set while the factory runs, so a package that registers itself when the factory imports it keeps this entry. */
  pending?: Promise<Backend>;
  failure?: unknown;
}

const entries = new Map<string, Entry>();
let current: Backend | null = null;

/** Register a backend under `name`; higher priority wins when choosing a default. */
export function registerBackend(name: string, factory: BackendFactory, priority = 0, options: RegisterOptions = {}): void {
  const existing = entries.get(name);
  if (existing?.instance || existing?.pending) return; // live or starting: keep the instance tensors point at
  entries.set(name, { name, factory, priority, sync: options.sync ?? false });
}

/** Names of registered backends, best first. */
export function listBackends(): {
  /** The name it was registered under ('js', 'wasm', 'webgpu', ...). */
  name: string;
  /** Higher is tried first by `ready()`. */
  priority: number;
  /** Whether an instance has been created (by `ready`, `setBackend` or first use). */
  initialized: boolean;
}[] {
  return [...entries.values()]
    .sort((a, b) => b.priority - a.priority)
    .map((e) => ({ name: e.name, priority: e.priority, initialized: e.instance !== undefined }));
}

async function initialize(entry: Entry): Promise<Backend> {
  // a backend that can run nothing more (a lost GPU device) is replaced by a new instance
  if (entry.instance && entry.instance.usable !== false) return entry.instance;
  entry.pending ??= Promise.resolve().then(entry.factory);
  try {
    entry.instance = await entry.pending;
    return entry.instance;
  } finally {
    entry.pending = undefined;
  }
}

/**
 * Make `name` the current backend, initialising it if needed. Rejects with the reason it failed.
 *
 * @example
 * ```ts
 * import '@nabla/backend-wasm';              // importing a backend package registers it
 * import { setBackend, tensor } from '@nabla/tensor-core';
 *
 * await setBackend('wasm');
 * console.log(tensor([1, 2, 3]).sum().item()); // 6, computed by the WebAssembly kernels
 * ```
 */
export async function setBackend(name: string): Promise<Backend> {
  const entry = entries.get(name);
  if (!entry) {
    const known = [...entries.keys()].join(', ') || 'none';
    throw new BackendError('setBackend', `no backend named '${name}' is registered (registered: ${known}); import its package, e.g. '@nabla/backend-${name}'`);
  }
  try {
    current = await initialize(entry);
  } catch (err) {
    entry.failure = err;
    const why = err instanceof Error ? err.message : String(err);
    throw new BackendError('setBackend', `backend '${name}' failed to initialise: ${why}`);
  }
  return current;
}

/** Options of `ready`. */
export interface ReadyOptions {
  /** Use this backend (rejecting if it cannot start) instead of the best one; default: the NABLA_BACKEND environment variable (Node). */
  readonly backend?: string;
}

/**
 * Make a backend current and return it: `options.backend`, else the NABLA_BACKEND environment
 * variable, else the backend already current, else the best registered one that initialises
 * (highest priority first: webgpu 3, wasm 2, js 1), skipping those that fail.
 *
 * @example
 * ```ts
 * import * as nb from '@nabla/nabla';        // registers js, wasm and webgpu
 *
 * const backend = await nb.ready();          // webgpu if it starts, else wasm, else js
 * console.log(backend.name);
 * await nb.ready({ backend: 'js' });         // or insist on one
 * ```
 */
export async function ready(options: ReadyOptions = {}): Promise<Backend> {
  const wanted = options.backend ?? environmentVariable('NABLA_BACKEND');
  if (wanted !== undefined) {
    if (!entries.has(wanted)) {
      const known = [...entries.keys()].join(', ') || 'none';
      const source = options.backend !== undefined ? `ready({ backend: '${wanted}' })` : `NABLA_BACKEND='${wanted}'`;
      throw new BackendError('ready', `${source} names no registered backend (registered: ${known})`);
    }
    return setBackend(wanted);
  }
  if (current) return current;
  const failures: string[] = [];
  for (const { name } of listBackends()) {
    try {
      return await setBackend(name);
    } catch (err) {
      failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  throw new BackendError('ready', `no backend could be initialised${failures.length ? `: ${failures.join('; ')}` : ' (none registered; import @nabla/backend-js)'}`);
}

/**
 * The current backend. Without one, the best already-initialised backend is chosen, else the best
 * backend registered with `{ sync: true }` is created (asynchronous backends need `setBackend`).
 */
export function getBackend(): Backend {
  if (current) return current;
  const ordered = listBackends().map(({ name }) => entries.get(name) as Entry);
  const live = ordered.find((e) => e.instance);
  if (live?.instance) return (current = live.instance);
  for (const entry of ordered) {
    if (!entry.sync || entry.failure !== undefined) continue;
    try {
      const made = entry.factory();
      if (made instanceof Promise) throw new BackendError('getBackend', `backend '${entry.name}' was registered as sync but its factory returned a Promise`);
      entry.instance = made;
      return (current = made);
    } catch (err) {
      entry.failure = err;
    }
  }
  throw new BackendError('getBackend', 'no backend is ready: import a backend package (e.g. @nabla/backend-js) or await setBackend(name) for an asynchronous one');
}

/** The instance registered under `name`, if initialised. */
export function findBackend(name: string): Backend | undefined {
  return entries.get(name)?.instance;
}

/** Name of the current backend (initialising the default if needed). */
export function backendName(): string {
  return getBackend().name;
}
