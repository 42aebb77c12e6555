/** Node-only: write an exported ONNX model to a file atomically, verified by parsing it back. */
import { readFile } from 'node:fs/promises';
import type { Tensor } from '@nabla/tensor-core';
import { writeFileAtomic } from '../../checkpoint/node/atomic-write.js';
import type { AnyModule } from '../../module/module.js';
import { OnnxFormatError } from '../errors.js';
import { decodeOnnxModel } from '../onnx/decode-model.js';
import { exportOnnx, type ExportOnnxOptions } from '../onnx/export-onnx.js';
import type { OnnxModel } from '../onnx/model-proto.js';

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/**
 * Export `model` (see `exportOnnx`) to `path`: the bytes are parsed back before writing, streamed
 * into a temporary file that is fsynced and renamed over `path`, then read back and compared, so
 * `path` holds either its old contents or a complete, verified model. Returns the parsed model.
 */
export async function exportOnnxFile(path: string, model: AnyModule, exampleInput: Tensor | readonly Tensor[], options: ExportOnnxOptions = {}): Promise<OnnxModel> {
  const bytes = exportOnnx(model, exampleInput, options);
  const parsed = decodeOnnxModel(bytes);
  await writeFileAtomic(path, once(bytes));
  const written = await readFile(path);
  if (written.length !== bytes.length || !written.equals(bytes)) {
    throw new OnnxFormatError('exportOnnxFile', `'${path}' does not hold the bytes written (${written.length} of ${bytes.length}); the disk or another writer changed it`);
  }
  return parsed;
}
