/**
 * `nabla-lm export --onnx FILE`: a trained language model as ONNX. Window model: input `tokens`
 * int32 [N, window] → `logits` [N, V]. Recurrent models: `tokens` int32 [N, T] → `logits`
 * [N·T, V] and the final state `state.h` (and `state.c` for the LSTM) [1, N, H], starting from
 * a zero state; the time loop is unrolled, so N and T are fixed in the graph.
 */
import { zeros } from '@nabla/tensor-core';
import type { OnnxModel } from '@nabla/layers/interop';
import { exportOnnxFile } from '@nabla/layers/node';
import type { LanguageModel } from './models/build-model.js';
import { WindowLM } from './models/window-lm.js';

/** The shape of the token input the graph is traced with. */
export interface ExportShape {
  readonly batch: number;
  /** Time steps of a recurrent model (ignored by the window model, which reads `window` tokens). */
  readonly steps: number;
}

/** The [N, T] token shape the graph takes for `model`. */
export function tokenShape(model: LanguageModel, shape: ExportShape): [number, number] {
  return [shape.batch, model instanceof WindowLM ? model.window : shape.steps];
}

/** Write `model` to `path` as ONNX (opset 17), traced on token id 0 everywhere. */
export async function exportLanguageModelOnnx(model: LanguageModel, path: string, shape: ExportShape): Promise<OnnxModel> {
  const tokens = zeros(tokenShape(model, shape), 'int32');
  try {
    const window = model instanceof WindowLM;
    return await exportOnnxFile(path, model, tokens, {
      inputNames: ['tokens'], outputNames: window ? ['logits'] : undefined, graphName: `nabla-lm-${window ? 'window' : model.kind}`,
    });
  } finally {
    tokens.dispose();
  }
}
