/**
 * `nabla-lm export --onnx FILE`: a trained language model as ONNX, for any batch N, with int64
 * token ids (what ONNX Runtime pipelines feed). Window model: `tokens` int64 [N, window] →
 * `logits` [N, V]. Recurrent models, for any length T, with the state as inputs and outputs so
 * ONNX Runtime can generate step by step: `tokens` int64 [N, T], `h0` [1, N, H] (and `c0` for
 * the LSTM) → `logits` [N·T, V], `hN` (and `cN`) [1, N, H]; feed zeros as the first state and
 * each step's `hN`/`cN` as the next one's. The cell is ONNX's own RNN, GRU or LSTM op.
 * GPT, for any length T ≤ blockSize: `tokens` int64 [N, T] → `logits` [N·T, V] (the position
 * table is sliced to the input's length and the causal mask built from it inside the graph).
 */
import { Module } from '@nabla/layers';
import { zeros, type Tensor } from '@nabla/tensor-core';
import type { OnnxModel } from '@nabla/layers/interop';
import { exportOnnxFile } from '@nabla/layers/node';
import type { LanguageModel } from './models/build-model.js';
import { RecurrentLM } from './models/recurrent-lm.js';
import { GptLM } from './models/gpt-lm.js';

/** Logits and the next state, as the exported graph's outputs. */
interface StatefulOutputs {
  readonly logits: Tensor;
  readonly hN: Tensor;
  readonly cN?: Tensor;
}

/** A recurrent LM whose state is explicit positional inputs (tokens, h0, c0) and outputs (hN, cN), as exported. */
export class StatefulLM extends Module<[Tensor, Tensor, Tensor?], StatefulOutputs> {
  constructor(readonly lm: RecurrentLM) {
    super();
  }

  forward(tokens: Tensor, h0: Tensor, c0?: Tensor): StatefulOutputs {
    const { logits, state } = this.lm.call(tokens, c0 ? { h: h0, c: c0 } : { h: h0 });
    return state.c ? { logits, hN: state.h, cN: state.c } : { logits, hN: state.h };
  }
}

/** Write `model` to `path` as ONNX (opset 17) with symbolic batch (and sequence) axes, traced on token id 0 and a zero state. */
export async function exportLanguageModelOnnx(model: LanguageModel, path: string): Promise<OnnxModel> {
  if (model instanceof GptLM) {
    // traced at blockSize − 2 and (for the dynamic length) one more: from length 2 (a causal mask)
    // to blockSize − 1 (a strict slice of the position table) the graph has the same nodes
    const dynamicSequence = model.blockSize >= 4;
    const tokens = zeros([2, dynamicSequence ? model.blockSize - 2 : model.blockSize], 'int32');
    try {
      return await exportOnnxFile(path, model, tokens, {
        inputNames: ['tokens'], outputNames: ['logits'], graphName: 'nabla-lm-gpt', dynamicBatch: true, dynamicSequence, int64Inputs: ['tokens'],
      });
    } finally {
      tokens.dispose();
    }
  }
  if (!(model instanceof RecurrentLM)) {
    const tokens = zeros([2, model.window], 'int32');
    try {
      return await exportOnnxFile(path, model, tokens, {
        inputNames: ['tokens'], outputNames: ['logits'], graphName: 'nabla-lm-window', dynamicBatch: true, int64Inputs: ['tokens'],
      });
    } finally {
      tokens.dispose();
    }
  }
  const lstm = model.kind === 'lstm';
  const inputs = [zeros([2, 3], 'int32'), zeros([1, 2, model.hidden]), ...(lstm ? [zeros([1, 2, model.hidden])] : [])];
  const state = { batch: 1, sequence: null };
  try {
    return await exportOnnxFile(path, new StatefulLM(model), inputs, {
      inputNames: ['tokens', 'h0', ...(lstm ? ['c0'] : [])], graphName: `nabla-lm-${model.kind}`,
      dynamicBatch: true, dynamicSequence: true, recurrent: 'onnx', int64Inputs: ['tokens'],
      inputAxes: [{}, state, ...(lstm ? [state] : [])],
    });
  } finally {
    for (const t of inputs) t.dispose();
  }
}
