/** Lay out tensors as safetensors: header first, then each tensor's bytes, streamed. */
import { BYTES_PER_ELEMENT, isTensor, type DType, type Storage, type Tensor, type TypedArray } from '@nabla/tensor-core';
import { CheckpointError } from './errors.js';
import { SAFETENSORS_DTYPE } from './safetensors-dtypes.js';
import { HOST_IS_LITTLE_ENDIAN, LENGTH_PREFIX_BYTES, MAX_HEADER_BYTES, METADATA_KEY } from './safetensors-layout.js';

/**
 * A planned safetensors file: its total size and its bytes as a stream of chunks. The tensor
 * values are a snapshot taken when the plan was made (as `torch.save` copies them): training
 * that goes on while the chunks are written, even disposing the tensors, does not change them.
 */
export interface SafetensorsPlan {
  /** Total bytes the chunks add up to. */
  readonly byteLength: number;
  /**
   * The length prefix and header, then one chunk per tensor, read from the snapshot as it goes;
   * each tensor's snapshot is released once written. Can be consumed once.
   */
  chunks(): AsyncGenerator<Uint8Array, void, undefined>;
  /** Release the snapshot without writing (done by `chunks()` when it ends, however it ends). */
  dispose(): void;
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
 * Check the tensors and metadata and plan the file. Shapes, dtypes and values are captured now:
 * each tensor's buffer is retained (buffers are never written in place, so this is a snapshot
 * without a copy) and read (asynchronously, so any backend works) only while the chunks are consumed.
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
  const checked: { name: string; tensor: Tensor; dtype: DType; bytes: number }[] = [];
  for (const [name, t] of entries) {
    if (name === METADATA_KEY) throw new CheckpointError(OP, `'${METADATA_KEY}' is reserved and cannot name a tensor`);
    if (!isTensor(t)) throw new CheckpointError(OP, `'${name}' is not a tensor`);
    t.assertAlive(OP);
    const bytes = t.size * BYTES_PER_ELEMENT[t.dtype];
    Object.defineProperty(header, name, {
      value: { dtype: SAFETENSORS_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] },
      enumerable: true,
    });
    checked.push({ name, tensor: t, dtype: t.dtype, bytes });
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded > MAX_HEADER_BYTES) throw new CheckpointError(OP, `header of ${padded} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const head = new Uint8Array(LENGTH_PREFIX_BYTES + padded).fill(0x20, LENGTH_PREFIX_BYTES + json.length);
  new DataView(head.buffer).setUint32(0, padded, true);
  head.set(json, LENGTH_PREFIX_BYTES);
  // the snapshot: from here on every path releases what it retained
  const planned = checked.map(({ name, tensor, dtype, bytes }) => ({ name, dtype, bytes, storage: tensor.storage.retain() as Storage | undefined }));
  let started = false;
  const dispose = (): void => {
    for (const p of planned) {
      p.storage?.release();
      p.storage = undefined;
    }
  };
  return {
    byteLength: head.length + offset,
    dispose,
    async *chunks() {
      if (started) throw new CheckpointError(OP, 'the chunks of a safetensors plan can be read only once');
      started = true;
      try {
        yield head;
        for (const p of planned) {
          const { name, dtype, bytes, storage } = p;
          if (storage === undefined) throw new CheckpointError(OP, `the plan was disposed before tensor '${name}' was written`);
          let values: TypedArray;
          try {
            values = await storage.backend.read(storage.dataId);
          } catch (err) {
            throw new CheckpointError(OP, `could not read tensor '${name}': ${err instanceof Error ? err.message : String(err)}`);
          }
          const chunk = littleEndianBytes(values, dtype);
          if (chunk.length !== bytes) throw new CheckpointError(OP, `tensor '${name}' produced ${chunk.length} bytes, expected ${bytes}`);
          yield chunk;
          storage.release();
          p.storage = undefined;
        }
      } finally {
        dispose();
      }
    },
  };
}
