/** A backend buffer shared by every tensor that views it (reshape, detach, clone share storage). */
import type { Backend, DataId } from './backend.js';
import { BYTES_PER_ELEMENT, type DType } from './dtype.js';

/** Live buffer count and bytes per backend name. */
export const storageStats = new Map<string, { buffers: number; bytes: number }>();

/** Reference-counted ownership of one backend buffer. */
export class Storage {
  private refs = 1;
  readonly bytes: number;

  constructor(
    readonly backend: Backend,
    readonly dataId: DataId,
    readonly dtype: DType,
    readonly size: number,
  ) {
    this.bytes = size * BYTES_PER_ELEMENT[dtype];
    const stats = storageStats.get(backend.name) ?? { buffers: 0, bytes: 0 };
    stats.buffers++;
    stats.bytes += this.bytes;
    storageStats.set(backend.name, stats);
  }

  /** One more tensor views this buffer. */
  retain(): this {
    this.refs++;
    return this;
  }

  /** One tensor stopped viewing it; the last one frees the buffer. */
  release(): void {
    if (--this.refs > 0) return;
    this.backend.disposeData(this.dataId);
    const stats = storageStats.get(this.backend.name);
    if (stats) {
      stats.buffers--;
      stats.bytes -= this.bytes;
    }
  }
}
