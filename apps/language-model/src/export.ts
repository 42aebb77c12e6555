/**
 * `nabla-lm export --onnx FILE`: a trained language model as ONNX, for any batch N. Window
 * model: input `tokens` int32 [N, window] → `logits` [N, V]. Recurrent models, for any length T:
 * `tokens` int32 [N, T] → `logits` [N·T, V] and the final state `state.h` (and `state.c` for the
 * LSTM) [1, N, H], starting from a zero state; the cell is ONNX's own RNN, GRU or LSTM op.
 * GPT: `tokens` int32 [N, blockSize] → `logits` [N·blockSize, V].
 */
import { zeros } from '@nabla/tensor-core';
import type { OnnxModel } from '@nabla/layers/interop';
import { exportOnnxFile } from '@nabla/layers/node';
import type { LanguageModel } from './models/build-model.js';
import { WindowLM } from './models/window-lm.js';
import { GptLM } from './models/gpt-lm.js';

/** Write `model` to `path` as ONNX (opset 17) with symbolic batch (and sequence) axes, traced on token id 0 everywhere. */
export async function exportLanguageModelOnnx(model: LanguageModel, path: string): Promise<OnnxModel> {
  const tokens = zeros([2, model instanceof WindowLM ? model.window : model instanceof GptLM ? model.blockSize : 3], 'int32');
  try {
    const window = model instanceof WindowLM;
    const kind = window ? 'window' : model instanceof GptLM ? 'gpt' : model.kind;
    return await exportOnnxFile(path, model, tokens, {
      inputNames: ['tokens'], outputNames: window || kind === 'gpt' ? ['logits'] : undefined, graphName: `nabla-lm-${kind}`,
      // the GPT's position embeddings are a slice of the table as long as the input, which the
      // exporter cannot make symbolic: its file takes blockSize tokens (right-pad shorter input;
      // attention is causal, so the logits of the real positions do not change)
      dynamicBatch: true, dynamicSequence: !window && kind !== 'gpt', recurrent: 'onnx',
    });
  } finally {
    tokens.dispose();
  }
}
