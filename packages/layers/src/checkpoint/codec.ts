/** Browser-safe safetensors encode/decode between tensors and bytes. */
import { tensor, type Tensor } from '@nabla/tensor-core';
import { CheckpointError } from './errors.js';
import type { SafetensorsContents } from './host-tensor.js';
import { readSafetensors } from './read-safetensors.js';
import { planSafetensors } from './write-safetensors.js';

/** A `Blob` (or `File`), named by what is read from it so the declarations need no DOM lib. */
export interface BlobLike {
  /** Reads the whole content; a rejection is reported as a CheckpointError. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Bytes in any of the forms a browser or Node hands out. */
export type BinarySource = ArrayBuffer | Uint8Array | BlobLike;

/** Encode named tensors (and optional string metadata) as one safetensors buffer: the values they hold at the call, read asynchronously. */
export async function encodeSafetensors(tensors: Readonly<Record<string, Tensor>>, metadata?: Readonly<Record<string, string>>): Promise<Uint8Array<ArrayBuffer>> {
  const plan = planSafetensors(tensors, metadata);
  const out = new Uint8Array(plan.byteLength);
  let offset = 0;
  try {
    for await (const chunk of plan.chunks()) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
  } finally {
    plan.dispose();
  }
  return out;
}

/** The bytes of an ArrayBuffer, Uint8Array or Blob as a Uint8Array. */
export async function bytesOf(source: BinarySource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof (source as Partial<BlobLike>).arrayBuffer === 'function') return new Uint8Array(await source.arrayBuffer());
  throw new CheckpointError('decodeSafetensors', 'expected an ArrayBuffer, Uint8Array or Blob');
}

/**
 * Decode a safetensors buffer into tensors on the current backend. The buffer is validated in
 * full before any tensor is created; on failure nothing is left allocated.
 */
export async function decodeSafetensors(source: BinarySource): Promise<SafetensorsContents<Tensor>> {
  const { tensors: host, metadata } = readSafetensors(await bytesOf(source));
  const created: [string, Tensor][] = [];
  try {
    for (const [name, h] of Object.entries(host)) created.push([name, tensor(h.data, h.shape, h.dtype)]);
  } catch (err) {
    for (const [, t] of created) t.dispose();
    throw err;
  }
  return { tensors: Object.fromEntries(created), metadata };
}
