/**
 * A backend buffer shared by every tensor that views it (reshape, detach, clone share storage).
 * With fusion on (fusion/), the buffer of an elementwise result may be deferred: the storage then
 * holds the program that computes it, and the first read of `dataId` runs it.
 */
import type { Backend, DataId } from './backend.js';
import { BYTES_PER_ELEMENT, type DType } from './dtype.js';
import type { DeferredElementwise } from './fusion/deferred.js';
import { forgetPending, materialize, trackPending } from './fusion/materialize.js';

/** Live buffer count and bytes per backend name. */
export const storageStats = new Map<string, { buffers: number; bytes: number }>();

/**
 * Reference-counted ownership of one backend buffer. Tensors hold references (`retain`/`release`,
 * which drive `memory()`); deferred programs that read the buffer hold readers, so a tensor
 * disposed before its consumer ran keeps its values until then, out of `memory()`'s counts.
 */
export class Storage {
  private refs = 1;
  private readers = 0;
  private id: DataId | null;
  private pending: DeferredElementwise | null = null;
  /** Size of the buffer in bytes: size × the dtype's element width. */
  readonly bytes: number;
  /**
   * @internal For an int32 buffer already checked as indices: every value lies in [0, indexBound)
   * (0 while unknown). Lets a step's second and later checks of the same labels skip reading them
   * back; an in-place write (`writeSlice`) clears it.
   */
  indexBound = 0;

  constructor(
    /** The backend that owns the buffer. */
    readonly backend: Backend,
    dataId: DataId | null,
    /** Element type of the buffer. */
    readonly dtype: DType,
    /** Number of elements in the buffer. */
    readonly size: number,
  ) {
    this.id = dataId;
    this.bytes = size * BYTES_PER_ELEMENT[dtype];
    const stats = storageStats.get(backend.name) ?? { buffers: 0, bytes: 0 };
    stats.buffers++;
    stats.bytes += this.bytes;
    storageStats.set(backend.name, stats);
  }

  /** @internal A storage whose values `program` computes when first read. */
  static deferred(backend: Backend, program: DeferredElementwise, dtype: DType, size: number): Storage {
    const storage = new Storage(backend, null, dtype, size);
    storage.pending = program;
    for (const input of program.inputs) input.storage.readers++;
    trackPending(storage);
    return storage;
  }

  /** The backend buffer, computing a deferred elementwise result first. */
  get dataId(): DataId {
    if (this.id === null) {
      const pending = this.pending;
      if (pending === null) throw new Error('internal: storage used after it was freed');
      return this.run(pending);
    }
    return this.id;
  }

  /** Compute a deferred elementwise result now (nothing when it is already a buffer). */
  materializePending(): void {
    if (this.id === null && this.pending !== null) this.id = this.run(this.pending);
  }

  private run(pending: DeferredElementwise): DataId {
    const id = materialize(this.backend, pending);
    this.id = id;
    this.dropPending();
    return id;
  }

  /** @internal The program computing this storage's values, while they are deferred. */
  get deferredProgram(): DeferredElementwise | null {
    return this.id === null ? this.pending : null;
  }

  /** @internal Deferred programs that read this buffer and have not run yet. */
  get pendingReaders(): number {
    return this.readers;
  }

  /** @internal Tensors viewing this buffer (a value saved for a gradient is one more). */
  get views(): number {
    return this.refs;
  }

  /** Whether a tensor still views this buffer. */
  get isViewed(): boolean {
    return this.refs > 0;
  }

  /** One more tensor views this buffer. */
  retain(): this {
    this.refs++;
    return this;
  }

  /** One tensor stopped viewing it; the last one frees the buffer (once no deferred program reads it). */
  release(): void {
    if (--this.refs > 0) return;
    const stats = storageStats.get(this.backend.name);
    if (stats) {
      stats.buffers--;
      stats.bytes -= this.bytes;
    }
    if (this.pending !== null) forgetPending(this);
    if (this.readers === 0) this.free();
  }

  /** A deferred program that read this buffer ran or was dropped. */
  private unread(): void {
    if (--this.readers === 0 && this.refs <= 0) this.free();
  }

  private dropPending(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null) return;
    forgetPending(this);
    for (const input of pending.inputs) input.storage.unread();
  }

  private free(): void {
    if (this.id !== null) this.backend.disposeData(this.id);
    this.id = null;
    this.dropPending();
  }
}
