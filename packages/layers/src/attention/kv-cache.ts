/**
 * The keys and values of earlier decoding steps, so that an attention layer can attend a new
 * token to the whole prefix without recomputing it (incremental decoding).
 */
import { ArgumentError, ShapeError, assertTensor, concat, fmtShape, keep, type Tensor } from '@nabla/tensor-core';

/** The cached keys and values after an append, each [N, H, length, Dh]. */
export interface CachedKeysValues {
  readonly keys: Tensor;
  readonly values: Tensor;
}

/**
 * A growing per-layer store of keys and values [N, H, T, Dh] with a fixed capacity `maxLength`
 * (the model's block size). One cache serves one attention layer; make one per layer. Meant for
 * inference under `noGrad`: each append replaces (and frees) the previous tensors.
 */
export class KVCache {
  /** The most steps the cache holds. */
  readonly maxLength: number;
  #keys: Tensor | null = null;
  #values: Tensor | null = null;

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
    return this.#keys ? this.#keys.shape[2] : 0;
  }

  /** The cached keys [N, H, length, Dh], or null while empty. */
  get keys(): Tensor | null {
    return this.#keys;
  }

  /** The cached values [N, H, length, Dh], or null while empty. */
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
   * Append the keys and values of T new steps, keys [N, H, T, Dh] and values [N, H, T, Dv], and
   * return everything cached, [N, H, length + T, D]. Throws a ShapeError naming the shapes when the
   * batch, heads or head sizes differ from what is cached, or when length + T exceeds `maxLength`.
   */
  append(keys: Tensor, values: Tensor): CachedKeysValues {
    assertTensor('KVCache', keys, 'keys');
    assertTensor('KVCache', values, 'values');
    if (keys.rank !== 4 || values.rank !== 4 || keys.shape[0] !== values.shape[0] || keys.shape[1] !== values.shape[1] || keys.shape[2] !== values.shape[2]) {
      throw new ShapeError('KVCache', `keys ${fmtShape(keys.shape)} and values ${fmtShape(values.shape)} must be [N, H, T, D] with the same N, H and T`);
    }
    this.checkRoom(keys.shape);
    const oldKeys = this.#keys;
    const oldValues = this.#values;
    if (oldKeys && oldValues) {
      const fits = (a: Tensor, b: Tensor): boolean => a.shape[0] === b.shape[0] && a.shape[1] === b.shape[1] && a.shape[3] === b.shape[3] && a.dtype === b.dtype;
      if (!fits(oldKeys, keys) || !fits(oldValues, values)) {
        throw new ShapeError('KVCache', `new keys ${fmtShape(keys.shape)} / values ${fmtShape(values.shape)} do not continue the cached ${fmtShape(oldKeys.shape)} / ${fmtShape(oldValues.shape)}`);
      }
    }
    this.#keys = keep(oldKeys ? concat([oldKeys, keys], 2) : keys.clone());
    this.#values = keep(oldValues ? concat([oldValues, values], 2) : values.clone());
    oldKeys?.dispose();
    oldValues?.dispose();
    return { keys: this.#keys, values: this.#values };
  }

  /** Forget every cached step (frees the tensors); the cache can then start a new sequence. */
  reset(): void {
    this.#keys?.dispose();
    this.#values?.dispose();
    this.#keys = null;
    this.#values = null;
  }

  /** Same as `reset`. */
  dispose(): void {
    this.reset();
  }
}
