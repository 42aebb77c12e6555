/** `nabla-mnist export --onnx FILE`: the trained CNN as an ONNX model (input [batch, 1, 28, 28] → logits [batch, 10], any batch). */
import { zeros } from '@nabla/tensor-core';
import type { OnnxModel } from '@nabla/layers/interop';
import { exportOnnxFile } from '@nabla/layers/node';
import type { Sequential } from '@nabla/layers';

/** Graph input and output names of the exported model. */
export const ONNX_NAMES = { input: 'image', output: 'logits' } as const;

/**
 * Write `model` to `path` as ONNX (opset 17) with a symbolic batch axis, so the graph takes
 * float32 images [batch, 1, 28, 28] scaled to [0, 1] and returns logits [batch, 10].
 */
export async function exportModelOnnx(model: Sequential, path: string): Promise<OnnxModel> {
  const example = zeros([2, 1, 28, 28]);
  try {
    return await exportOnnxFile(path, model, example, {
      inputNames: [ONNX_NAMES.input], outputNames: [ONNX_NAMES.output], graphName: 'nabla-mnist-lenet', dynamicBatch: true,
    });
  } finally {
    example.dispose();
  }
}
