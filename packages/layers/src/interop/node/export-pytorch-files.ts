/** Node-only: write a PyTorch export (module, safetensors helper, weights) into a folder. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../checkpoint/node/atomic-write.js';
import type { AnyModule } from '../../module/module.js';
import { exportPyTorch, type ExportPyTorchOptions, type PyTorchExport } from '../pytorch/export-pytorch.js';

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** `exportPyTorch(model, options)` written into `dir` (created if needed), each file atomically. */
export async function exportPyTorchFiles(dir: string, model: AnyModule, options: ExportPyTorchOptions = {}): Promise<PyTorchExport> {
  const exported = await exportPyTorch(model, options);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(exported.files)) {
    await writeFileAtomic(join(dir, name), once(typeof content === 'string' ? new TextEncoder().encode(content) : content));
  }
  return exported;
}
