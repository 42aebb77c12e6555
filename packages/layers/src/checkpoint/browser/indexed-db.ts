/**
 * The few IndexedDB calls the checkpoint store makes, as promises, typed by the members used so
 * the declarations need no DOM lib.
 */
import { CheckpointError } from '../errors.js';

/** An `IDBRequest`, as far as it is read here. */
export interface IdbRequest<T> {
  readonly result: T;
  readonly error: { readonly message: string } | null;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}

/** An `IDBObjectStore`. */
export interface IdbStore {
  put(value: unknown, key?: string): IdbRequest<unknown>;
  get(key: string): IdbRequest<unknown>;
  delete(key: string): IdbRequest<unknown>;
  getAll(): IdbRequest<unknown[]>;
}

/** An `IDBTransaction`. */
export interface IdbTransaction {
  objectStore(name: string): IdbStore;
  abort(): void;
  readonly error: { readonly message: string } | null;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

/** An `IDBDatabase`. */
export interface IdbDatabase {
  readonly objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(stores: string[], mode: 'readonly' | 'readwrite'): IdbTransaction;
  close(): void;
}

interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
  onblocked: (() => void) | null;
}

interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest;
}

/** The object store of manifests (small, listed without reading any weights). */
export const MANIFESTS = 'checkpoint-manifests';
/** The object store of the safetensors bytes, one record per checkpoint. */
export const DATA = 'checkpoint-data';
const VERSION = 1;

/** Open (creating the stores on first use) the database `name`. */
export function openDatabase(name: string, op: string): Promise<IdbDatabase> {
  const factory = (globalThis as { indexedDB?: IdbFactory }).indexedDB;
  if (!factory) throw new CheckpointError(op, 'IndexedDB is not available here (a browser page or worker has it; in Node use saveCheckpoint from @nabla/layers/node)');
  return new Promise((resolve, reject) => {
    const request = factory.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const store of [MANIFESTS, DATA]) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new CheckpointError(op, `could not open IndexedDB database '${name}': ${request.error?.message ?? 'unknown error'}`));
    request.onblocked = () => reject(new CheckpointError(op, `IndexedDB database '${name}' is blocked by another tab holding an older version open`));
  });
}

/** The result of one request. */
export function requestResult<T>(request: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(request.error?.message ?? 'request failed'));
  });
}

/** Resolves when the transaction commits; rejects when it aborts or fails (nothing it wrote is kept). */
export function transactionDone(tx: IdbTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(new Error(tx.error?.message ?? 'transaction failed'));
    tx.onabort = () => reject(new Error(tx.error?.message ?? 'transaction aborted'));
  });
}
