/** Memory accounting across backends. */
import type { BackendMemory } from './backend.js';
import { liveTensorCount } from './engine.js';
import { listBackends, findBackend } from './registry.js';
import { storageStats } from './storage.js';

/** What `memory()` reports. */
export interface MemoryInfo {
  /** Live (not disposed) Tensor objects. */
  readonly numTensors: number;
  /** Distinct buffers they view (reshapes share one). */
  readonly numDataBuffers: number;
  /** Bytes in those buffers. */
  readonly numBytes: number;
  /** Per initialised backend: what tensor-core tracks plus the backend's own report. */
  readonly backends: Readonly<Record<string, {
    /** Buffers tensor-core tracks on this backend. */
    readonly numDataBuffers: number;
    /** Bytes in those buffers. */
    readonly numBytes: number;
    /** The backend's own report (its pools and caches included). */
    readonly backend: BackendMemory;
  }>>;
}

/** Live tensors and bytes, in total and per backend. */
export function memory(): MemoryInfo {
  let numDataBuffers = 0;
  let numBytes = 0;
  const backends: Record<string, { numDataBuffers: number; numBytes: number; backend: BackendMemory }> = {};
  for (const { name } of listBackends()) {
    const backend = findBackend(name);
    if (!backend) continue;
    const stats = storageStats.get(name) ?? { buffers: 0, bytes: 0 };
    numDataBuffers += stats.buffers;
    numBytes += stats.bytes;
    backends[name] = { numDataBuffers: stats.buffers, numBytes: stats.bytes, backend: backend.memory() };
  }
  return { numTensors: liveTensorCount(), numDataBuffers, numBytes, backends };
}
