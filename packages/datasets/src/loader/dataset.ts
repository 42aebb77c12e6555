import type { HostArray, NumericArray } from './host-array.js';

/** One field of a sample: a scalar, a flat array, or a shaped host array. */
export type SampleValue = number | NumericArray | readonly number[] | HostArray;

/** A sample: named fields, e.g. `{ x, y }`. */
export type Sample<K extends string = string> = { readonly [P in K]: SampleValue };

/** A batch on the host: one row-major array per field, axis 0 is the batch. */
export type HostBatch<K extends string = string> = { [P in K]: HostArray<Float32Array | Int32Array> };

/** Anything with a length and random access; `get` may be async (then only async iteration works). */
export interface Dataset<T extends Sample = Sample> {
  /** Number of samples (a non-negative integer). */
  readonly length: number;
  /** Sample `index` (0 ≤ index < length); the same index must give the same sample. */
  get(index: number): T | Promise<T>;
  /** Optional fast path: gather many samples straight into batch arrays. */
  gather?(indices: Int32Array): HostBatch<keyof T & string>;
}
