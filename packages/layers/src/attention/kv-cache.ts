/**
 * The keys and values of earlier decoding steps, so that an attention layer can attend a new
 * token to the whole prefix without recomputing it (incremental decoding). The storage is
 * allocated once at full capacity and each step is written at its position in place
 * (tensor-core's writeSlice), so a step copies only its own keys and values, never the prefix.
 */
import {
  ArgumentError, ShapeError, assertTensor, fmtShape, keep, withoutRecording, writeSlice, zeros, type Tensor,
} from '@nabla/tensor-core';

/** The cache after an append: the full-capacity storage and how many of its steps are filled. */
export interface CachedKeysValues {
  /** [N, H, maxLength, Dk]; steps 0 … length − 1 are the cached keys, the rest is unused. */
  readonly keys: Tensor;
  /** [N, H, maxLength, Dv], filled like `keys`. */
  readonly values: Tensor;
  /** Steps filled, including the ones just appended. */
  readonly length: number;
}

/**
 * A per-layer store of keys and values [N, H, T, D] with a fixed capacity `maxLength` (the
 * model's block size). One cache serves one attention layer; make one per layer. Meant for
 * inference: the writes are not recorded, so no gradient flows into cached steps.
 */
export class KVCache {
  /** The most steps the cache holds. */
  readonly maxLength: number;
  #keys: Tensor | null = null;
  #values: Tensor | null = null;
  #length = 0;

  constructor(maxLength: number) {
    if (!Number.isInteger(maxLength) || maxLength <= 0) throw new ArgumentError('KVCache', `maxLength must be a positive integer, got ${maxLength}`);
    this.maxLength = maxLength;
  }

  /** `count` empty caches of the same capacity, one per layer of a model. */
  static forLayers(count: number, maxLength: number): KVCache[] {
    if (!Number.isInteger(count) || count <= 0) throw new ArgumentError('KVCache', `count must be a positive integer, got ${count}`);
    return Array.from({ length: count }, () => new KVCache(maxLength));
  }

  /** Steps cached so far. */
  get length(): number {
    return this.#length;
  }

  /** The key storage [N, H, maxLength, Dk] (steps past `length` unused), or null before the first append. */
  get keys(): Tensor | null {
    return this.#keys;
  }

  /** The value storage [N, H, maxLength, Dv] (steps past `length` unused), or null before the first append. */
  get values(): Tensor | null {
    return this.#values;
  }

  /** Throws the overflow ShapeError unless `keysShape` [N, H, T, D] fits: length + T ≤ maxLength. */
  checkRoom(keysShape: readonly number[]): void {
    const steps = keysShape[2];
    if (this.length + steps > this.maxLength) {
      throw new ShapeError('KVCache', `appending ${steps} steps ${fmtShape(keysShape)} to ${this.length} cached ones overflows maxLength ${this.maxLength}`);
    }
  }

  /**
   * Write the keys and values of T new steps, keys [N, H, T, Dk] and values [N, H, T, Dv], at
   * positions length … length + T − 1, and return the storage with the new length. Throws a
   * ShapeError naming the shapes when the batch, heads, head sizes or dtype differ from what is
   * cached, or when length + T exceeds `maxLength`.
   */
  append(keys: Tensor, values: Tensor): CachedKeysValues {
    assertTensor('KVCache', keys, 'keys');
    assertTensor('KVCache', values, 'values');
    if (keys.rank !== 4 || values.rank !== 4 || keys.shape[0] !== values.shape[0] || keys.shape[1] !== values.shape[1] || keys.shape[2] !== values.shape[2]) {
      throw new ShapeError('KVCache', `keys ${fmtShape(keys.shape)} and values ${fmtShape(values.shape)} must be [N, H, T, D] with the same N, H and T`);
    }
    this.checkRoom(keys.shape);
    const fits = (store: Tensor, t: Tensor): boolean => store.shape[0] === t.shape[0] && store.shape[1] === t.shape[1] && store.shape[3] === t.shape[3] && store.dtype === t.dtype && store.backend === t.backend;
    if (this.#keys && this.#values && !(fits(this.#keys, keys) && fits(this.#values, values))) {
      if (this.#length > 0) {
        const cached = (s: Tensor): string => fmtShape([s.shape[0], s.shape[1], this.#length, s.shape[3]]);
        throw new ShapeError('KVCache', `new keys ${fmtShape(keys.shape)} / values ${fmtShape(values.shape)} do not continue the cached ${cached(this.#keys)} / ${cached(this.#values)}`);
      }
      this.release();
    }
    const at = this.#length;
    withoutRecording(() => {
      const storage = (t: Tensor): Tensor => keep(zeros([t.shape[0], t.shape[1], this.maxLength, t.shape[3]], t.dtype));
      this.#keys ??= storage(keys);
      this.#values ??= storage(values);
      writeSlice(this.#keys, keys, [0, 0, at, 0]);
      writeSlice(this.#values, values, [0, 0, at, 0]);
    });
    this.#length = at + keys.shape[2];
    return { keys: this.#keys as Tensor, values: this.#values as Tensor, length: this.#length };
  }

  /** Forget every cached step; the storage is kept for the next sequence (of any shape). */
  reset(): void {
    this.#length = 0;
  }

  /** Forget every cached step and free the storage. */
  dispose(): void {
    this.release();
    this.#length = 0;
  }

  private release(): void {
    this.#keys?.dispose();
    this.#values?.dispose();
    this.#keys = null;
    this.#values = null;
  }
}
