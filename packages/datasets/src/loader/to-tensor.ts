import { tensor, type Tensor } from '@nabla/tensor-core';
import type { HostBatch } from './dataset.js';
import type { HostArray } from './host-array.js';

/** A batch of tensors on the current backend, one per field. */
export type TensorBatch<K extends string = string> = { [P in K]: Tensor };

/** Upload a float32 or int32 host array as a tensor on the current backend. */
export function toTensor(host: HostArray<Float32Array | Int32Array>): Tensor {
  return tensor(host.data, host.shape, host.data instanceof Float32Array ? 'float32' : 'int32');
}

/** Upload every field of a host batch. */
export function batchToTensors<K extends string>(batch: HostBatch<K>): TensorBatch<K> {
  const out = {} as TensorBatch<K>;
  for (const name of Object.keys(batch) as K[]) out[name] = toTensor(batch[name]);
  return out;
}
