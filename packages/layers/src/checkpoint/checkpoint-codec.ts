/** Browser-safe checkpoints: a model (and optimizer) state to safetensors bytes and back. */
import type { Tensor } from '@nabla/tensor-core';
import { decodeSafetensors, encodeSafetensors, type BinarySource } from './codec.js';
import { packCheckpoint, unpackCheckpoint, type Checkpoint, type LoadedCheckpoint } from './checkpoint-layout.js';

/** Encode a checkpoint as safetensors bytes (store them in IndexedDB, download them, ...). */
export async function encodeCheckpoint(checkpoint: Checkpoint): Promise<Uint8Array<ArrayBuffer>> {
  const { tensors, metadata } = packCheckpoint(checkpoint, 'encodeCheckpoint');
  return encodeSafetensors(tensors, metadata);
}

/** Decode checkpoint bytes; validated in full first, and nothing stays allocated on failure. */
export async function decodeCheckpoint(source: BinarySource): Promise<LoadedCheckpoint> {
  const { tensors, metadata } = await decodeSafetensors(source);
  try {
    return unpackCheckpoint(tensors, metadata, 'decodeCheckpoint');
  } catch (err) {
    for (const t of Object.values(tensors) as Tensor[]) t.dispose();
    throw err;
  }
}
