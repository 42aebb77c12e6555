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
 *
 * @example
 * ```ts
 * import { Dense } from '@nabla/layers';
 * import { saveCheckpoint, loadCheckpoint } from '@nabla/layers/node';
 * import { Adam } from '@nabla/optim';
 *
 * const model = new Dense(4, 2);
 * const optimizer = new Adam(model.parameters());
 * await saveCheckpoint('run/model.safetensors', { model: model.stateDict(), optimizer: optimizer.stateDict(), metadata: { epoch: '3' } });
 * const ckpt = await loadCheckpoint('run/model.safetensors');
 * model.loadStateDict(ckpt.model);
 * if (ckpt.optimizer) optimizer.loadStateDict(ckpt.optimizer);
 * ```
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
