import type { DType, TypedArray } from '@nabla/tensor-core';
import { WasmBufferError } from '../errors.js';
import { WasmBuffer } from './wasm-buffer.js';
import { HeapAllocator, type HeapStats } from './heap-allocator.js';
import { bytesPerElement } from './dtype-layout.js';

/** A zeroed host typed array of `size` elements of `dtype`. */
function hostArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
    case 'float64':
      return new Float64Array(size);
  }
}

/**
 * Tensor storage in the shared WebAssembly memory: allocation of WasmBuffers, host copies in
 * and out, and typed-array views that are always derived from the current `memory.buffer`
 * (never cached, because growing the memory replaces the buffer).
 */
export class WasmHeap {
  private readonly allocator: HeapAllocator;
  private liveBuffers = 0;
  private liveBytes = 0;

  constructor(
    /** The shared memory every kernel instance imports. */
    readonly memory: WebAssembly.Memory,
    base: number,
    /** The size the memory may grow to. */
    readonly maximumBytes: number,
  ) {
    this.allocator = new HeapAllocator(memory, base, maximumBytes);
  }

  /** A new, uninitialised buffer of `size` elements. */
  allocBuffer(size: number, dtype: DType): WasmBuffer {
    const bytes = size * bytesPerElement(dtype);
    const ptr = bytes === 0 ? 0 : this.allocator.alloc(bytes);
    this.liveBuffers++;
    this.liveBytes += bytes;
    return new WasmBuffer(ptr, size, dtype, bytes);
  }

  /** Release a buffer's block for reuse. */
  freeBuffer(buffer: WasmBuffer): void {
    if (buffer.disposed) throw new WasmBufferError('disposeData', `called twice on a ${buffer.dtype} buffer of ${buffer.size} elements`);
    buffer.disposed = true;
    if (buffer.byteLength > 0) this.allocator.free(buffer.ptr, buffer.byteLength);
    this.liveBuffers--;
    this.liveBytes -= buffer.byteLength;
  }

  /** Raw scratch block (not a tensor); pair with freeScratch. */
  allocScratch(bytes: number): number {
    return bytes === 0 ? 0 : this.allocator.alloc(bytes);
  }

  /** Release a scratch block. */
  freeScratch(ptr: number, bytes: number): void {
    if (bytes > 0) this.allocator.free(ptr, bytes);
  }

  /** A typed-array view on the buffer's elements, valid until the next allocation. */
  view(buffer: WasmBuffer): TypedArray {
    const heap = this.memory.buffer;
    switch (buffer.dtype) {
      case 'float32':
        return new Float32Array(heap, buffer.ptr, buffer.size);
      case 'int32':
        return new Int32Array(heap, buffer.ptr, buffer.size);
      case 'bool':
        return new Uint8Array(heap, buffer.ptr, buffer.size);
      case 'float64':
        return new Float64Array(heap, buffer.ptr, buffer.size);
    }
  }

  /** An Int32Array view of `length` words at `ptr`, valid until the next allocation. */
  int32View(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  /** Copy host values into a buffer (bool stores `!= 0`; other dtypes convert like typed arrays). */
  upload(buffer: WasmBuffer, values: TypedArray): void {
    const view = this.view(buffer);
    if (buffer.dtype === 'bool' && !(values instanceof Uint8Array)) {
      for (let i = 0; i < values.length; i++) view[i] = values[i] !== 0 ? 1 : 0;
    } else {
      view.set(values);
    }
  }

  /**
   * A host copy (not shared memory) of the buffer's elements. The copy goes through bytes:
   * V8 copies a typed array that views a SharedArrayBuffer element by element (`slice()` on a
   * shared Float32Array is ~5x slower than a byte copy into a fresh array).
   */
  download(buffer: WasmBuffer): TypedArray {
    const out = hostArray(buffer.dtype, buffer.size);
    new Uint8Array(out.buffer).set(new Uint8Array(this.memory.buffer, buffer.ptr, out.byteLength));
    return out;
  }

  /** Live tensor buffers and the bytes they requested. */
  tensorStats(): { readonly buffers: number; readonly bytes: number } {
    return { buffers: this.liveBuffers, bytes: this.liveBytes };
  }

  /** Allocator counters. */
  heapStats(): HeapStats {
    return this.allocator.stats();
  }
}
