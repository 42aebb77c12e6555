import { currentOpName, formatBytes } from '@nabla/tensor-core';
import { WasmOutOfMemoryError } from '../errors.js';
import { WASM_PAGE_BYTES } from '../wasm/load-kernel-module.js';
import { BLOCK_ALIGN, sizeClass } from './size-class.js';

/** Counters describing the heap. */
export interface HeapStats {
  /** Bytes in live blocks (block sizes, not requested sizes). */
  readonly liveBlockBytes: number;
  /** Number of live blocks. */
  readonly liveBlocks: number;
  /** Bytes sitting in free lists, ready for reuse. */
  readonly freeBlockBytes: number;
  /** End of the highest block ever carved (the allocator's high-water mark). */
  readonly topOffset: number;
  /** Current size of the WebAssembly memory. */
  readonly heapBytes: number;
  /** Times the memory has grown. */
  readonly grows: number;
}

/**
 * Allocator for the shared WebAssembly memory. Blocks are carved from a bump pointer and, when
 * freed, parked on a free list for their size class; a later request of the same class reuses
 * them. The memory grows (by at least a quarter of its size) when the bump pointer runs out.
 * Growing replaces `memory.buffer`, so callers must re-derive typed-array views after any
 * allocation (see WasmHeap).
 */
export class HeapAllocator {
  private readonly freeLists = new Map<number, number[]>();
  private top: number;
  private liveBytes = 0;
  private live = 0;
  private freeBytes = 0;
  private growCount = 0;

  /** Manage `memory` from byte offset `base` upward. */
  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maximumBytes: number,
  ) {
    this.top = Math.ceil(base / BLOCK_ALIGN) * BLOCK_ALIGN;
  }

  /** Reserve a block of at least `bytes` bytes; returns its 64-byte-aligned offset. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const list = this.freeLists.get(size);
    let offset = list?.pop();
    if (offset === undefined) {
      offset = this.top;
      this.ensureCapacity(offset + size, bytes);
      this.top = offset + size;
    } else {
      this.freeBytes -= size;
    }
    this.liveBytes += size;
    this.live++;
    return offset;
  }

  /** Return the block at `offset`, which was allocated for `bytes` bytes. */
  free(offset: number, bytes: number): void {
    const size = sizeClass(bytes);
    let list = this.freeLists.get(size);
    if (list === undefined) {
      list = [];
      this.freeLists.set(size, list);
    }
    list.push(offset);
    this.freeBytes += size;
    this.liveBytes -= size;
    this.live--;
  }

  /** Current counters. */
  stats(): HeapStats {
    return {
      liveBlockBytes: this.liveBytes,
      liveBlocks: this.live,
      freeBlockBytes: this.freeBytes,
      topOffset: this.top,
      heapBytes: this.memory.buffer.byteLength,
      grows: this.growCount,
    };
  }

  private ensureCapacity(end: number, requested: number): void {
    const current = this.memory.buffer.byteLength;
    if (end <= current) return;
    if (end > this.maximumBytes) {
      throw new WasmOutOfMemoryError(
        currentOpName(), `cannot allocate ${requested} bytes (${formatBytes(requested)}): the heap would need ${end} bytes, above its maximum of ${this.maximumBytes}`, requested,
      );
    }
    const needed = Math.ceil((end - current) / WASM_PAGE_BYTES);
    const generous = Math.ceil(current / 4 / WASM_PAGE_BYTES);
    const maxPages = Math.floor(this.maximumBytes / WASM_PAGE_BYTES) - current / WASM_PAGE_BYTES;
    try {
      this.memory.grow(Math.min(Math.max(needed, generous), maxPages));
    } catch {
      this.growExactly(needed, current, requested);
    }
    this.growCount++;
  }

  /** Grow by exactly `pages` (after a generous growth was refused). */
  private growExactly(pages: number, current: number, requested: number): void {
    try {
      this.memory.grow(pages);
    } catch (error) {
      // the engine or the operating system refused the pages
      throw new WasmOutOfMemoryError(
        currentOpName(), `cannot allocate ${requested} bytes (${formatBytes(requested)}): growing the heap from ${current} bytes failed (${String(error)})`, requested,
      );
    }
  }
}
