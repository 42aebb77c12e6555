/** File steps the apps' run folders share: atomic text writes and restoring a model from a checkpoint. */
import { loadCheckpoint, writeFileAtomic } from '@nabla/layers/node';
import type { Tensor } from '@nabla/tensor-core';
import { UserError } from './user-error.js';

/** Write `text` to `path` atomically (a temporary file renamed into place). */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  await writeFileAtomic(path, (async function* () { yield bytes; })());
}

/** What can take a checkpoint's weights. */
export interface LoadsStateDict {
  loadStateDict(dict: Readonly<Record<string, Tensor>>): unknown;
}

/** A model restored from a checkpoint, with the optimizer state saved beside it (if any). */
export interface RestoredModel<M> {
  readonly model: M;
  readonly optimizerState?: { readonly tensors: Record<string, Tensor>; readonly meta: unknown };
}

/**
 * Read the checkpoint at `path`, then `build()` the model and load the weights into it. An
 * unreadable checkpoint or weights that do not fit the architecture throw a UserError naming the
 * file; the checkpoint's model tensors are disposed either way.
 */
export async function restoreModel<M extends LoadsStateDict>(path: string, build: () => M): Promise<RestoredModel<M>> {
  let checkpoint;
  try {
    checkpoint = await loadCheckpoint(path);
  } catch (err) {
    throw new UserError(err instanceof Error ? err.message : String(err));
  }
  const model = build();
  try {
    model.loadStateDict(checkpoint.model);
  } catch (err) {
    throw new UserError(`checkpoint '${path}' does not fit the architecture in its config: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    for (const t of Object.values(checkpoint.model)) t.dispose();
  }
  return { model, optimizerState: checkpoint.optimizer };
}
