/** Parse and fully validate a safetensors buffer into host tensors. */
import { BYTES_PER_ELEMENT, allocHostArray, type DType, type TypedArray } from '@nabla/tensor-core';
import { CheckpointError } from './errors.js';
import type { HostTensor, SafetensorsContents } from './host-tensor.js';
import { SAFETENSORS_DTYPE, dtypeFromSafetensors } from './safetensors-dtypes.js';
import { readSafetensorsHeader, type SafetensorsEntry } from './safetensors-header.js';
import { HOST_IS_LITTLE_ENDIAN } from './safetensors-layout.js';

const OP = 'decodeSafetensors';

function copyValues(bytes: Uint8Array, start: number, e: SafetensorsEntry, dtype: DType): TypedArray {
  const out = allocHostArray(dtype, e.size);
  const source = bytes.subarray(start + e.begin, start + e.end);
  if (HOST_IS_LITTLE_ENDIAN || dtype === 'bool') new Uint8Array(out.buffer).set(source);
  else {
    const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
    for (let i = 0; i < e.size; i++) {
      out[i] = dtype === 'float32' ? view.getFloat32(i * 4, true) : dtype === 'float64' ? view.getFloat64(i * 8, true) : view.getInt32(i * 4, true);
    }
  }
  if (dtype === 'bool') {
    const bad = out.findIndex((v) => v !== 0 && v !== 1);
    if (bad >= 0) throw new CheckpointError(OP, `BOOL tensor '${e.name}' holds byte ${out[bad]} at element ${bad}; only 0 and 1 are valid`);
  }
  return out;
}

const elementBytes = (code: string): number | undefined => {
  const dtype = dtypeFromSafetensors(code);
  return dtype === undefined ? undefined : BYTES_PER_ELEMENT[dtype];
};

/**
 * Read a safetensors buffer into host tensors and metadata. The whole buffer is validated first
 * (header length and size cap, UTF-8 JSON without duplicate names or lone surrogates, dtypes,
 * integer-literal shapes and offsets, byte lengths, offsets tiling the data with no holes or
 * overlaps); any problem throws a CheckpointError.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsContents<HostTensor> {
  const { entries, metadata, dataStart } = readSafetensorsHeader(bytes, OP, elementBytes, Object.values(SAFETENSORS_DTYPE).join(', '));
  const tensors: Record<string, HostTensor> = Object.fromEntries(
    entries.map((e) => {
      const dtype = dtypeFromSafetensors(e.code) as DType;
      return [e.name, { dtype, shape: e.shape, data: copyValues(bytes, dataStart, e, dtype) }];
    }),
  );
  return { tensors, metadata };
}
