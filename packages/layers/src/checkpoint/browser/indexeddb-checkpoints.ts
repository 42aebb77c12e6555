/**
 * Checkpoints in the browser's IndexedDB: each save writes a manifest (format, size, SHA-256,
 * tensor names, metadata) and the safetensors bytes in ONE transaction, so a save that fails, is
 * aborted or dies with its tab leaves the previous checkpoint of that name whole; each load
 * checks the bytes against the manifest and then validates them as fully as a file load does.
 */
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint-codec.js';
import { FORMAT_VERSION, type Checkpoint, type LoadedCheckpoint } from '../checkpoint-layout.js';
import { CheckpointError } from '../errors.js';
import { sha256Hex } from './digest.js';
import { DATA, MANIFESTS, openDatabase, requestResult, transactionDone, type IdbDatabase } from './indexed-db.js';

/** Where checkpoints are stored: the IndexedDB database (default `'nabla'`). */
export interface IndexedDbOptions {
  /** Name of the IndexedDB database holding the checkpoints (default `'nabla'`); created on first use. */
  readonly database?: string;
}

/** What IndexedDB holds about one stored checkpoint, readable without loading its weights. */
export interface StoredCheckpointInfo {
  /** The name it was saved under. */
  readonly name: string;
  /** The checkpoint format (`nabla-checkpoint-1`). */
  readonly format: string;
  /** Size of the safetensors bytes. */
  readonly byteLength: number;
  /** SHA-256 of the safetensors bytes, hex. */
  readonly sha256: string;
  /** When it was saved (ISO 8601). */
  readonly savedAt: string;
  /** Names of the model's tensors. */
  readonly tensors: readonly string[];
  /** Whether optimizer state is included. */
  readonly hasOptimizer: boolean;
  /** The user metadata saved with it. */
  readonly metadata: Readonly<Record<string, string>>;
}

const DEFAULT_DATABASE = 'nabla';

function databaseName(options: IndexedDbOptions | undefined): string {
  return options?.database ?? DEFAULT_DATABASE;
}

function checkName(name: unknown, op: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new CheckpointError(op, `a checkpoint name must be a non-empty string, got ${typeof name === 'string' ? "''" : typeof name}`);
  return name;
}

async function withDatabase<T>(options: IndexedDbOptions | undefined, op: string, body: (db: IdbDatabase) => Promise<T>): Promise<T> {
  const db = await openDatabase(databaseName(options), op);
  try {
    return await body(db);
  } finally {
    db.close();
  }
}

function isInfo(value: unknown): value is StoredCheckpointInfo {
  const v = value as Partial<StoredCheckpointInfo> | null;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.format === 'string'
    && Number.isInteger(v.byteLength) && typeof v.sha256 === 'string' && Array.isArray(v.tensors)
    && typeof v.hasOptimizer === 'boolean' && typeof v.metadata === 'object' && v.metadata !== null;
}

/**
 * Save `checkpoint` (as for `saveCheckpoint`) in IndexedDB under `name`, replacing any checkpoint
 * of that name only when the whole new one is committed. Values are captured at the call.
 *
 * @example
 * ```ts
 * import { Dense } from '@nabla/layers';
 * import { saveCheckpointToIndexedDB, loadCheckpointFromIndexedDB } from '@nabla/layers/browser';
 *
 * const model = new Dense(4, 2);
 * await saveCheckpointToIndexedDB('my-model', { model: model.stateDict(), metadata: { epoch: '3' } });
 * const restored = new Dense(4, 2);
 * const ckpt = await loadCheckpointFromIndexedDB('my-model');
 * restored.loadStateDict(ckpt.model);
 * ```
 */
export async function saveCheckpointToIndexedDB(name: string, checkpoint: Checkpoint, options?: IndexedDbOptions): Promise<StoredCheckpointInfo> {
  const op = 'saveCheckpointToIndexedDB';
  checkName(name, op);
  const bytes = await encodeCheckpoint(checkpoint);
  const info: StoredCheckpointInfo = {
    name,
    format: FORMAT_VERSION,
    byteLength: bytes.byteLength,
    sha256: await sha256Hex(bytes, op),
    savedAt: new Date().toISOString(),
    tensors: Object.keys(checkpoint.model),
    hasOptimizer: checkpoint.optimizer !== undefined,
    metadata: { ...(checkpoint.metadata ?? {}) },
  };
  await withDatabase(options, op, async (db) => {
    const tx = db.transaction([MANIFESTS, DATA], 'readwrite');
    const done = transactionDone(tx);
    try {
      tx.objectStore(DATA).put(bytes.buffer, name);
      tx.objectStore(MANIFESTS).put(info, name);
    } catch (err) {
      tx.abort();
      await done.catch(() => undefined);
      throw new CheckpointError(op, `could not store '${name}' (${err instanceof Error ? err.message : String(err)}); the previous checkpoint of that name is unchanged`);
    }
    try {
      await done;
    } catch (err) {
      throw new CheckpointError(op, `could not store '${name}' (${err instanceof Error ? err.message : String(err)}); the previous checkpoint of that name is unchanged`);
    }
  });
  return info;
}

/**
 * Load the checkpoint saved under `name`: its bytes must match the manifest's size and SHA-256
 * and decode as a valid checkpoint, or a CheckpointError says what is wrong and no tensor is
 * created. Apply it with `module.loadStateDict(ckpt.model)`.
 */
export async function loadCheckpointFromIndexedDB(name: string, options?: IndexedDbOptions): Promise<LoadedCheckpoint> {
  const op = 'loadCheckpointFromIndexedDB';
  checkName(name, op);
  const where = `'${name}' in IndexedDB database '${databaseName(options)}'`;
  const [info, data] = await withDatabase(options, op, async (db) => {
    const tx = db.transaction([MANIFESTS, DATA], 'readonly');
    return Promise.all([requestResult(tx.objectStore(MANIFESTS).get(name)), requestResult(tx.objectStore(DATA).get(name))]);
  });
  if (info === undefined && data === undefined) throw new CheckpointError(op, `no checkpoint ${where}`);
  if (!isInfo(info)) throw new CheckpointError(op, `${where} has no valid manifest`);
  if (info.format !== FORMAT_VERSION) throw new CheckpointError(op, `${where} has format '${info.format}', expected '${FORMAT_VERSION}'`);
  if (!(data instanceof ArrayBuffer)) throw new CheckpointError(op, `${where} has a manifest but no data`);
  const bytes = new Uint8Array(data);
  if (bytes.byteLength !== info.byteLength) throw new CheckpointError(op, `${where} holds ${bytes.byteLength} bytes, but its manifest says ${info.byteLength}`);
  const digest = await sha256Hex(bytes, op);
  if (digest !== info.sha256) throw new CheckpointError(op, `${where} is corrupted: SHA-256 ${digest} does not match the manifest's ${info.sha256}`);
  try {
    return await decodeCheckpoint(bytes);
  } catch (err) {
    if (err instanceof CheckpointError) throw new CheckpointError(op, `${where} is not a valid checkpoint: ${err.message}`);
    throw err;
  }
}

/** The manifests of every checkpoint stored in the database, by name (no weights are read). */
export async function listCheckpointsInIndexedDB(options?: IndexedDbOptions): Promise<StoredCheckpointInfo[]> {
  const op = 'listCheckpointsInIndexedDB';
  const all = await withDatabase(options, op, (db) => requestResult(db.transaction([MANIFESTS], 'readonly').objectStore(MANIFESTS).getAll()));
  return all.filter(isInfo).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Delete the checkpoint saved under `name` (manifest and data together); true if there was one. */
export async function deleteCheckpointFromIndexedDB(name: string, options?: IndexedDbOptions): Promise<boolean> {
  const op = 'deleteCheckpointFromIndexedDB';
  checkName(name, op);
  return withDatabase(options, op, async (db) => {
    const tx = db.transaction([MANIFESTS, DATA], 'readwrite');
    const done = transactionDone(tx);
    const existed = (await requestResult(tx.objectStore(MANIFESTS).get(name))) !== undefined;
    tx.objectStore(MANIFESTS).delete(name);
    tx.objectStore(DATA).delete(name);
    await done;
    return existed;
  });
}
