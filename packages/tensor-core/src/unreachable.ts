/**
 * Freeing tensors after the garbage collector found them unreachable. A FinalizationRegistry keeps
 * its held values alive until their target is collected, so a held value that referenced the
 * tensors themselves would keep them (and whatever they lead to) reachable forever. The release
 * below holds only the tensors' shares of their buffers.
 */
import { forgetUnreachableTensor } from './engine.js';
import type { Storage } from './storage.js';
import type { Tensor } from './tensor.js';

/**
 * A function that frees `tensors` (their buffer shares and live counts) without referencing them,
 * for a FinalizationRegistry whose target owns them. Call it only once the tensors can no longer
 * be reached (never disposed, never used again) and at most once; to free them earlier, dispose
 * them and unregister the target instead.
 */
export function releaseWhenUnreachable(tensors: readonly Tensor[]): () => void {
  const storages: Storage[] = tensors.map((t) => t.storage);
  return () => {
    for (const storage of storages.splice(0)) {
      forgetUnreachableTensor();
      storage.release();
    }
  };
}
