import { DatasetArgumentError } from '../errors.js';
import { allocBatchArray, isFloatArray } from './batch-dtype.js';
import type { Dataset, HostBatch } from './dataset.js';
import { isNumericArray, shapeSize, type HostArray, type NumericArray } from './host-array.js';

/** A column: a shaped host array (axis 0 = samples) or a flat array of one scalar per sample. */
export type ArrayColumn = HostArray | NumericArray | readonly number[];

/** Named columns sharing their first dimension, e.g. `{ x: images, y: labels }`. */
export type ArraySource<K extends string = string> = { readonly [P in K]: ArrayColumn };

interface Column {
  readonly data: NumericArray | readonly number[];
  readonly sampleShape: readonly number[];
  readonly sampleSize: number;
  readonly floating: boolean;
}

/**
 * Dataset over in-memory arrays with a batch-gather fast path: `gather` copies the chosen rows
 * straight into one float32 (float sources, plain number arrays) or int32 (integer sources)
 * buffer per column, with no per-sample objects.
 */
export class ArrayDataset<K extends string = string> implements Dataset<{ [P in K]: HostArray<Float32Array | Int32Array> }> {
  /** Number of samples: the first dimension every column shares. */
  readonly length: number;
  private readonly columns: [K, Column][];

  /** @throws DatasetArgumentError when columns are empty, mis-shaped or disagree on length. */
  constructor(source: ArraySource<K>) {
    const names = Object.keys(source) as K[];
    if (names.length === 0) throw new DatasetArgumentError('ArrayDataset', 'at least one column is required');
    this.columns = names.map((name) => [name, toColumn(name, source[name])]);
    const lengths = this.columns.map(([name, c]) => [name, c.data.length / c.sampleSize] as const);
    this.length = lengths[0][1];
    for (const [name, n] of lengths) {
      if (n !== this.length) {
        throw new DatasetArgumentError('ArrayDataset', `column '${name}' has ${n} samples but '${lengths[0][0]}' has ${this.length}`);
      }
    }
  }

  /** One sample as batch-of-one-free arrays of its sample shape. */
  get(index: number): { [P in K]: HostArray<Float32Array | Int32Array> } {
    const batch = this.gather(Int32Array.of(index));
    const out = {} as { [P in K]: HostArray<Float32Array | Int32Array> };
    for (const [name] of this.columns) out[name] = { data: batch[name].data, shape: batch[name].shape.slice(1) };
    return out;
  }

  /** Copy rows `indices` of every column into fresh batch buffers. */
  gather(indices: Int32Array): HostBatch<K> {
    const out = {} as HostBatch<K>;
    for (const [name, col] of this.columns) {
      const k = col.sampleSize;
      const buffer = allocBatchArray(col.floating, indices.length * k);
      const data = col.data;
      for (let b = 0; b < indices.length; b++) {
        const i = indices[b];
        if (!(i >= 0 && i < this.length)) throw new DatasetArgumentError('ArrayDataset', `index ${i} out of range 0..${this.length - 1}`);
        const src = i * k;
        const dst = b * k;
        if (k === 1) buffer[dst] = data[src];
        else if (isNumericArray(data)) buffer.set(data.subarray(src, src + k), dst);
        else for (let j = 0; j < k; j++) buffer[dst + j] = data[src + j];
      }
      out[name] = { data: buffer, shape: [indices.length, ...col.sampleShape] };
    }
    return out;
  }
}

function toColumn(name: string, column: ArrayColumn): Column {
  if (isNumericArray(column) || Array.isArray(column)) {
    const data = column as NumericArray | readonly number[];
    return { data, sampleShape: [], sampleSize: 1, floating: isFloatArray(data) };
  }
  const host = column as HostArray;
  if (!isNumericArray(host.data) || !Array.isArray(host.shape) || host.shape.length === 0) {
    throw new DatasetArgumentError('ArrayDataset', `column '${name}' must be a typed array, a number[] or { data, shape } with rank ≥ 1`);
  }
  if (shapeSize(host.shape) !== host.data.length) {
    throw new DatasetArgumentError('ArrayDataset', `column '${name}' has shape [${host.shape.join(', ')}] but ${host.data.length} values`);
  }
  const sampleShape = host.shape.slice(1);
  return { data: host.data, sampleShape, sampleSize: shapeSize(sampleShape), floating: isFloatArray(host.data) };
}
