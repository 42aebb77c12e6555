/**
 * `nabla-lm export --onnx FILE`: a trained language model as ONNX, for any batch N. Window
 * model: input `tokens` int32 [N, window] → `logits` [N, V]. Recurrent models, for any length T:
 * `tokens` int32 [N, T] → `logits` [N·T, V] and the final state `state.h` (and `state.c` for the
 * LSTM) [1, N, H], starting from a zero state; the cell is ONNX's own RNN, GRU or LSTM op.
 */
import { zeros } from '@nabla/tensor-core';
import type { OnnxModel } from '@nabla/layers/interop';
import { exportOnnxFile } from '@nabla/layers/node';
import type { LanguageModel } from './models/build-model.js';
import { WindowLM } from './models/window-lm.js';

/** Write `model` to `path` as ONNX (opset 17) with symbolic batch (and sequence) axes, traced on token id 0 everywhere. */
export async function exportLanguageModelOnnx(model: LanguageModel, path: string): Promise<OnnxModel> {
  const tokens = zeros([2, model instanceof WindowLM ? model.window : 3], 'int32');
  try {
    const window = model instanceof WindowLM;
    return await exportOnnxFile(path, model, tokens, {
      inputNames: ['tokens'], outputNames: window ? ['logits'] : undefined, graphName: `nabla-lm-${window ? 'window' : model.kind}`,
      dynamicBatch: true, dynamicSequence: !window, recurrent: 'onnx',
    });
  } finally {
    tokens.dispose();
  }
}
