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
  /** End of the highest block in use or free (the bump pointer; it moves back when the top block is freed). */
  readonly topOffset: number;
  /** The highest the bump pointer ever reached (the allocator's high-water mark). */
  readonly highWaterOffset: number;
  /** Current size of the WebAssembly memory. */
  readonly heapBytes: number;
  /** Times the memory has grown. */
  readonly grows: number;
}

/**
 * Allocator for the shared WebAssembly memory. Blocks are carved from a bump pointer and, when
 * freed, parked on a free list for their size; a later request reuses a block of its size class,
 * else splits the smallest larger free block. A freed block merges with free neighbours, and
 * when it ends at the bump pointer the pointer moves back instead, so memory freed by one phase
 * of work serves any later request (WebAssembly memory itself never shrinks). The memory grows
 * (by at least a quarter of its size) when the bump pointer runs out. Growing replaces
 * `memory.buffer`, so callers must re-derive typed-array views after any allocation (see WasmHeap).
 */
export class HeapAllocator {
  /** Free blocks by size: offsets, the most recently freed last. */
  private readonly freeLists = new Map<number, number[]>();
  /** Free block size by start offset, and start offset by end offset (for merging neighbours). */
  private readonly freeStart = new Map<number, number>();
  private readonly freeEnd = new Map<number, number>();
  private top: number;
  private highWater: number;
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
    this.highWater = this.top;
  }

  /** Reserve a block of at least `bytes` bytes; returns its 64-byte-aligned offset. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    let offset = this.takeFree(size);
    if (offset === undefined) {
      const larger = this.smallestFreeAbove(size);
      if (larger !== undefined) {
        offset = this.takeFree(larger) as number;
        this.addFree(offset + size, larger - size);
      } else {
        offset = this.top;
        this.ensureCapacity(offset + size, bytes);
        this.top = offset + size;
        if (this.top > this.highWater) this.highWater = this.top;
      }
    }
    this.liveBytes += size;
    this.live++;
    return offset;
  }

  /** Return the block at `offset`, which was allocated for `bytes` bytes. */
  free(offset: number, bytes: number): void {
    const size = sizeClass(bytes);
    this.liveBytes -= size;
    this.live--;
    let start = offset;
    let end = offset + size;
    const next = this.freeStart.get(end);
    if (next !== undefined) {
      this.removeFree(end, next);
      end += next;
    }
    const previous = this.freeEnd.get(start);
    if (previous !== undefined) {
      this.removeFree(previous, start - previous);
      start = previous;
    }
    if (end === this.top) this.top = start;
    else this.addFree(start, end - start);
  }

  /** Current counters. */
  stats(): HeapStats {
    return {
      liveBlockBytes: this.liveBytes,
      liveBlocks: this.live,
      freeBlockBytes: this.freeBytes,
      topOffset: this.top,
      highWaterOffset: this.highWater,
      heapBytes: this.memory.buffer.byteLength,
      grows: this.growCount,
    };
  }

  /** Pop a free block of exactly `size` bytes, if any. */
  private takeFree(size: number): number | undefined {
    const list = this.freeLists.get(size);
    const offset = list?.pop();
    if (offset === undefined) return undefined;
    if (list?.length === 0) this.freeLists.delete(size);
    this.freeStart.delete(offset);
    this.freeEnd.delete(offset + size);
    this.freeBytes -= size;
    return offset;
  }

  /** The smallest free-block size above `size`, if any (scans the sizes present). */
  private smallestFreeAbove(size: number): number | undefined {
    let best: number | undefined;
    for (const candidate of this.freeLists.keys()) if (candidate > size && (best === undefined || candidate < best)) best = candidate;
    return best;
  }

  private addFree(offset: number, size: number): void {
    let list = this.freeLists.get(size);
    if (list === undefined) {
      list = [];
      this.freeLists.set(size, list);
    }
    list.push(offset);
    this.freeStart.set(offset, size);
    this.freeEnd.set(offset + size, offset);
    this.freeBytes += size;
  }

  private removeFree(offset: number, size: number): void {
    const list = this.freeLists.get(size) as number[];
    list.splice(list.lastIndexOf(offset), 1);
    if (list.length === 0) this.freeLists.delete(size);
    this.freeStart.delete(offset);
    this.freeEnd.delete(offset + size);
    this.freeBytes -= size;
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
