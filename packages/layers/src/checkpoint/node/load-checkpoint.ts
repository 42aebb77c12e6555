/** Load a checkpoint from a safetensors file, verifying it completely first. */
import { readFile } from 'node:fs/promises';
import { decodeCheckpoint } from '../checkpoint-codec.js';
import type { LoadedCheckpoint } from '../checkpoint-layout.js';
import { CheckpointError } from '../errors.js';

/**
 * Read and verify the safetensors checkpoint at `path`. A missing, truncated or corrupted file
 * throws a CheckpointError naming the file and the problem, and creates no tensors; apply the
 * result with `module.loadStateDict(ckpt.model)` and `optimizer.loadStateDict(ckpt.optimizer)`.
 */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new CheckpointError('loadCheckpoint', `could not read '${path}': ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return await decodeCheckpoint(bytes);
  } catch (err) {
    if (err instanceof CheckpointError) throw new CheckpointError('loadCheckpoint', `'${path}' is not a valid checkpoint: ${err.message}`);
    throw err;
  }
}
