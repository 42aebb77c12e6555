/** Save a checkpoint to a safetensors file, atomically. */
import { packCheckpoint, type Checkpoint } from '../checkpoint-layout.js';
import { CheckpointError } from '../errors.js';
import { planSafetensors } from '../write-safetensors.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Write `checkpoint` (model state dict, optional optimizer state and metadata) to `path` as
 * safetensors. Every value is captured when the call starts (as `torch.save` does), so training
 * may go on while an un-awaited save writes one consistent step. The data streams into a
 * temporary file in the same folder which is fsynced and renamed over `path`, so an interrupted
 * or failed save leaves any previous checkpoint intact; temporary files that killed saves of the
 * same `path` left behind are removed.
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const { tensors, metadata } = packCheckpoint(checkpoint, 'saveCheckpoint');
  const plan = planSafetensors(tensors, metadata);
  try {
    await writeFileAtomic(path, plan.chunks());
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new CheckpointError('saveCheckpoint', `could not write '${path}' (${reason}); any previous file there is unchanged`);
  } finally {
    plan.dispose();
  }
}
