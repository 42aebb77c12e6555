/**
 * `nabla-lm export --onnx FILE`: a trained language model as ONNX, for any batch N. Window
 * model: input `tokens` int32 [N, window] → `logits` [N, V]. Recurrent models: `tokens` int32
 * [N, T] → `logits` [N·T, V] and the final state `state.h` (and `state.c` for the LSTM)
 * [1, N, H], starting from a zero state. The cell is ONNX's own RNN, GRU or LSTM op; T is fixed
 * in the graph.
 */
import { zeros } from '@nabla/tensor-core';
import type { OnnxModel } from '@nabla/layers/interop';
import { exportOnnxFile } from '@nabla/layers/node';
import type { LanguageModel } from './models/build-model.js';
import { WindowLM } from './models/window-lm.js';

/** Tokens per graph input row: the window model's `window`, or `steps` for a recurrent model. */
export function tokensPerRow(model: LanguageModel, steps: number): number {
  return model instanceof WindowLM ? model.window : steps;
}

/** Write `model` to `path` as ONNX (opset 17) with a symbolic batch, traced on token id 0 everywhere. */
export async function exportLanguageModelOnnx(model: LanguageModel, path: string, steps: number): Promise<OnnxModel> {
  const tokens = zeros([2, tokensPerRow(model, steps)], 'int32');
  try {
    const window = model instanceof WindowLM;
    return await exportOnnxFile(path, model, tokens, {
      inputNames: ['tokens'], outputNames: window ? ['logits'] : undefined, graphName: `nabla-lm-${window ? 'window' : model.kind}`,
      dynamicBatch: true, recurrent: 'onnx',
    });
  } finally {
    tokens.dispose();
  }
}
