/**
 * Reuses GPU buffers by size class. A request is rounded up to its class (powers of two split in
 * quarters, at least 16 bytes), so a freed buffer serves any later request of the same class and
 * at most 25% of a buffer is slack. Freed buffers are kept until `trim` or `destroy`.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private freeBytes = 0;
  private freeCount = 0;
  private liveBytes = 0;
  private liveCount = 0;
  private created = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: GPUBufferUsageFlags,
    private readonly label: string,
    /** The largest buffer the device allows: a size class above it is cut back to it. */
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** Size class (bytes actually allocated) for a request of `bytes`. */
  static sizeClass(bytes: number): number {
    if (bytes <= 16) return 16;
    const pow = 2 ** Math.floor(Math.log2(bytes - 1));
    const quarter = pow / 4;
    return pow + Math.ceil((bytes - pow) / quarter) * quarter;
  }

  /** A buffer of at least `bytes` bytes, reused when one of its class is free. */
  acquire(bytes: number): GPUBuffer {
    const size = Math.min(BufferPool.sizeClass(bytes), Math.max(bytes, Math.floor(this.maxBytes / 4) * 4));
    const list = this.free.get(size);
    const reused = list?.pop();
    this.liveBytes += size;
    this.liveCount++;
    if (reused !== undefined) {
      this.freeBytes -= size;
      this.freeCount--;
      return reused;
    }
    this.created++;
    return this.device.createBuffer({ size, usage: this.usage, label: `${this.label}:${size}` });
  }

  /** Return a buffer obtained from `acquire`; the caller guarantees no pending work still writes it. */
  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    let list = this.free.get(size);
    if (list === undefined) {
      list = [];
      this.free.set(size, list);
    }
    list.push(buffer);
    this.freeBytes += size;
    this.freeCount++;
    this.liveBytes -= size;
    this.liveCount--;
  }

  /** Destroy every free buffer (live ones are untouched). */
  trim(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.freeBytes = 0;
    this.freeCount = 0;
  }

  /** Bytes and counts held, live and free. */
  stats(): { liveBytes: number; liveBuffers: number; freeBytes: number; freeBuffers: number; created: number } {
    return { liveBytes: this.liveBytes, liveBuffers: this.liveCount, freeBytes: this.freeBytes, freeBuffers: this.freeCount, created: this.created };
  }
}
