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
 * else splits the smallest larger free block. Freed neighbours are merged lazily: only when a
 * request finds no free block large enough are all free blocks sorted and merged (and those that
 * end at the bump pointer given back to it), so the steady state of a training loop — the same
 * sizes freed and requested every step — costs one list push or pop per call instead of keeping
 * merge maps up to date. Freeing the last live block resets the heap to empty. Memory freed by one
 * phase of work therefore still serves any later request (WebAssembly memory itself never
 * shrinks). The memory grows (by at least a quarter of its size) when the bump pointer runs out.
 * Growing replaces `memory.buffer`, so callers must re-derive typed-array views after any
 * allocation (see WasmHeap).
 */
export class HeapAllocator {
  /** Free blocks by size: offsets, the most recently freed last (never an empty list). */
  private readonly freeLists = new Map<number, number[]>();
  private readonly base: number;
  private top: number;
  private highWater: number;
  private liveBytes = 0;
  private live = 0;
  private freeBytes = 0;
  /** Whether blocks were freed since the last merge (else merging again cannot help). */
  private unmerged = false;
  private growCount = 0;

  /** Manage `memory` from byte offset `base` upward. */
  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maximumBytes: number,
  ) {
    this.base = Math.ceil(base / BLOCK_ALIGN) * BLOCK_ALIGN;
    this.top = this.base;
    this.highWater = this.top;
  }

  /** Reserve a block of at least `bytes` bytes; returns its 64-byte-aligned offset. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    let offset = this.takeFree(size);
    if (offset === undefined) offset = this.split(size);
    if (offset === undefined && this.unmerged && this.freeBytes >= size) {
      this.coalesce();
      offset = this.takeFree(size) ?? this.split(size);
    }
    if (offset === undefined) {
      offset = this.top;
      this.ensureCapacity(offset + size, bytes);
      this.top = offset + size;
      if (this.top > this.highWater) this.highWater = this.top;
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
    if (this.live === 0) {
      // nothing is live: every free block and this one make up [base, top)
      this.freeLists.clear();
      this.freeBytes = 0;
      this.top = this.base;
    } else if (offset + size === this.top) {
      this.top = offset;
    } else {
      this.addFree(offset, size);
      this.unmerged = true;
    }
  }

  /** Current counters (free neighbours merged first, so the figures do not depend on when that last happened). */
  stats(): HeapStats {
    this.coalesce();
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
    if (list === undefined) return undefined;
    const offset = list.pop() as number;
    if (list.length === 0) this.freeLists.delete(size);
    this.freeBytes -= size;
    return offset;
  }

  /** Take the front `size` bytes of the smallest larger free block, if any; the rest stays free. */
  private split(size: number): number | undefined {
    let best: number | undefined;
    for (const candidate of this.freeLists.keys()) if (candidate > size && (best === undefined || candidate < best)) best = candidate;
    if (best === undefined) return undefined;
    const offset = this.takeFree(best) as number;
    this.addFree(offset + size, best - size);
    return offset;
  }

  private addFree(offset: number, size: number): void {
    const list = this.freeLists.get(size);
    if (list === undefined) this.freeLists.set(size, [offset]);
    else list.push(offset);
    this.freeBytes += size;
  }

  /** Merge adjacent free blocks; blocks that end at the bump pointer move it back. */
  private coalesce(): void {
    this.unmerged = false;
    if (this.freeLists.size === 0) return;
    const blocks: number[] = [];
    for (const [size, offsets] of this.freeLists) for (const offset of offsets) blocks.push(offset, size);
    const order = Array.from({ length: blocks.length / 2 }, (_, i) => i).sort((a, b) => blocks[2 * a] - blocks[2 * b]);
    const merged: number[] = [];
    for (const i of order) {
      const offset = blocks[2 * i];
      const size = blocks[2 * i + 1];
      const last = merged.length - 2;
      if (last >= 0 && merged[last] + merged[last + 1] === offset) merged[last + 1] += size;
      else merged.push(offset, size);
    }
    if (merged.length > 0 && merged[merged.length - 2] + merged[merged.length - 1] === this.top) {
      this.top = merged[merged.length - 2];
      merged.length -= 2;
    }
    this.freeLists.clear();
    this.freeBytes = 0;
    for (let i = 0; i < merged.length; i += 2) this.addFree(merged[i], merged[i + 1]);
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
