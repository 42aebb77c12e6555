/** Bringing a PyTorch-trained run back: `--from-pytorch FILE` of the apps. */
import { readFile } from 'node:fs/promises';
import type { AnyModule } from '@nabla/layers';
import { importSafetensors } from '@nabla/layers/interop';
import { UserError } from './user-error.js';

/**
 * Load a PyTorch-trained state dict (safetensors, PyTorch layout, as the exported `train_ddp.py`
 * writes it) into `model`, strictly: names, shapes and dtypes must fit. An unreadable file or one
 * that does not fit is a {@link UserError} naming the file and what did not fit.
 */
export async function loadPyTorchWeights(model: AnyModule, path: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw new UserError(`cannot read '${path}': ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    importSafetensors(model, bytes);
  } catch (err) {
    throw new UserError(`'${path}' does not fit this run's model: ${err instanceof Error ? err.message : String(err)}`);
  }
}
