/** Lay out tensors as safetensors: header first, then each tensor's bytes, streamed. */
import { BYTES_PER_ELEMENT, isTensor, type DType, type Tensor, type TypedArray } from '@nabla/tensor-core';
import { CheckpointError } from './errors.js';
import { SAFETENSORS_DTYPE } from './safetensors-dtypes.js';
import { HOST_IS_LITTLE_ENDIAN, LENGTH_PREFIX_BYTES, MAX_HEADER_BYTES, METADATA_KEY } from './safetensors-layout.js';

/** A planned safetensors file: its total size and its bytes as a stream of chunks. */
export interface SafetensorsPlan {
  /** Total bytes the chunks add up to. */
  readonly byteLength: number;
  /** The length prefix and header, then one chunk per tensor; reads tensor values as it goes. */
  chunks(): AsyncGenerator<Uint8Array, void, undefined>;
}

const OP = 'encodeSafetensors';

/** Larger elements first so every tensor starts aligned to its element size, then by name. */
function layoutOrder(entries: [string, Tensor][]): [string, Tensor][] {
  return [...entries].sort(([na, a], [nb, b]) => BYTES_PER_ELEMENT[b.dtype] - BYTES_PER_ELEMENT[a.dtype] || (na < nb ? -1 : na > nb ? 1 : 0));
}

function littleEndianBytes(values: TypedArray, dtype: DType): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN || dtype === 'bool') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * BYTES_PER_ELEMENT[dtype]);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'float32') view.setFloat32(i * 4, values[i], true);
    else if (dtype === 'float64') view.setFloat64(i * 8, values[i], true);
    else view.setInt32(i * 4, values[i], true);
  }
  return out;
}

/**
 * Check the tensors and metadata and plan the file. Shapes and dtypes are captured now; values
 * are read (asynchronously, so any backend works) only while the chunks are consumed.
 */
export function planSafetensors(tensors: Readonly<Record<string, Tensor>>, metadata: Readonly<Record<string, string>> = {}): SafetensorsPlan {
  const entries = layoutOrder(Object.entries(tensors));
  const header: Record<string, unknown> = {};
  const meta = Object.entries(metadata);
  if (meta.length > 0) {
    for (const [key, value] of meta) {
      if (typeof value !== 'string') throw new CheckpointError(OP, `metadata '${key}' must be a string, got ${typeof value}`);
    }
    header[METADATA_KEY] = Object.fromEntries(meta);
  }
  let offset = 0;
  const planned: { name: string; tensor: Tensor; dtype: DType; bytes: number }[] = [];
  for (const [name, t] of entries) {
    if (name === METADATA_KEY) throw new CheckpointError(OP, `'${METADATA_KEY}' is reserved and cannot name a tensor`);
    if (!isTensor(t)) throw new CheckpointError(OP, `'${name}' is not a tensor`);
    t.assertAlive(OP);
    const bytes = t.size * BYTES_PER_ELEMENT[t.dtype];
    Object.defineProperty(header, name, {
      value: { dtype: SAFETENSORS_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] },
      enumerable: true,
    });
    planned.push({ name, tensor: t, dtype: t.dtype, bytes });
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded > MAX_HEADER_BYTES) throw new CheckpointError(OP, `header of ${padded} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const head = new Uint8Array(LENGTH_PREFIX_BYTES + padded).fill(0x20, LENGTH_PREFIX_BYTES + json.length);
  new DataView(head.buffer).setUint32(0, padded, true);
  head.set(json, LENGTH_PREFIX_BYTES);
  return {
    byteLength: head.length + offset,
    async *chunks() {
      yield head;
      for (const { name, tensor, dtype, bytes } of planned) {
        let values: TypedArray;
        try {
          values = await tensor.data();
        } catch (err) {
          throw new CheckpointError(OP, `could not read tensor '${name}': ${err instanceof Error ? err.message : String(err)}`);
        }
        const chunk = littleEndianBytes(values, dtype);
        if (chunk.length !== bytes) throw new CheckpointError(OP, `tensor '${name}' produced ${chunk.length} bytes, expected ${bytes}`);
        yield chunk;
      }
    },
  };
}
