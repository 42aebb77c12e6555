/** dynamicBatch: one exported graph runs in ONNX Runtime at several batch sizes, matching Nabla at each. */
import '@nabla/backend-js';
import { Rng, ones, randn, setBackend, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BatchNorm2d, Conv1d, Conv2d, Dense, Flatten, GRU, LayerNorm, LSTM, SimpleRNN, MaxPool2d, Module, ReLU, Sequential, Softmax, type AnyModule,
} from '../../src/index.js';
import { OnnxExportError, decodeOnnxModel, exportOnnx } from '../../src/interop/index.js';
import { expectOrtMatches } from './onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(11);

async function checkBatches(model: AnyModule, shape: readonly number[]): Promise<void> {
  model.eval();
  const bytes = exportOnnx(model, randn([2, ...shape], 0, 1, { rng }), { dynamicBatch: true });
  const { graph } = decodeOnnxModel(bytes);
  expect(graph.inputs[0].shape).toEqual(['batch', ...shape]);
  expect(graph.outputs[0].shape[0]).toBe('batch');
  for (const batch of [1, 5]) {
    const input = randn([batch, ...shape], 0, 1, { rng });
    await expectOrtMatches(bytes, { input }, (model.forward as (x: Tensor) => unknown)(input));
  }
}

// onnxruntime sessions take seconds on a loaded shared CI machine: a 60 s limit, not the default 5 s.
describe('exportOnnx with dynamicBatch', { timeout: 60_000 }, () => {
  it('a CNN with batch norm (Reshape target −1)', async () => {
    await checkBatches(new Sequential(
      new Conv2d(1, 3, 3, { rng }), new BatchNorm2d(3), new ReLU(), new MaxPool2d(2), new Flatten(), new Dense(3 * 3 * 3, 4, { rng }), new Softmax(),
    ), [1, 8, 8]);
  });

  it('Conv1d (reshapes around a height-1 conv) and LayerNorm', async () => {
    await checkBatches(new Sequential(new Conv1d(2, 3, 3, { rng, padding: 'same' }), new LayerNorm(7)), [2, 7]);
  });

  it('a composed module slicing whole rows (Slice end INT64_MAX)', async () => {
    class Halves extends Module {
      fc = new Dense(6, 4, { rng });
      forward(x: Tensor): Tensor {
        const y = this.fc.call(x);
        return y.slice([0, 0], [y.shape[0], 2]).mul(y.slice([0, 2], [y.shape[0], 2]));
      }
    }
    await checkBatches(new Halves(), [6]);
  });

  it('recurrent layers: the zero initial state follows the batch (ConstantOfShape)', async () => {
    class Lm extends Module<[Tensor], { logits: Tensor; h: Tensor; c: Tensor }> {
      lstm = new LSTM(3, 4, { rng, numLayers: 2 });
      head = new Dense(4, 5, { rng });
      forward(x: Tensor): { logits: Tensor; h: Tensor; c: Tensor } {
        const r = this.lstm.call(x);
        return { logits: this.head.call(r.output.reshape([x.shape[0] * x.shape[1], 4])), h: r.h, c: r.c };
      }
    }
    const model = new Lm();
    const bytes = exportOnnx(model, randn([2, 3, 3], 0, 1, { rng }), { dynamicBatch: true });
    expect(decodeOnnxModel(bytes).graph.nodes.filter((n) => n.opType === 'ConstantOfShape').length).toBeGreaterThan(0);
    for (const batch of [1, 4]) {
      const input = randn([batch, 3, 3], 0, 1, { rng });
      await expectOrtMatches(bytes, { input }, model.forward(input));
    }
    for (const cell of [new GRU(3, 4, { rng }), new SimpleRNN(3, 4, { rng })]) await checkBatches(cell, [3, 3]);
  });

  it('rejects another batch-sized constant made in forward, naming it and its reader', () => {
    class AddOnes extends Module {
      forward(x: Tensor): Tensor {
        return x.add(ones([x.shape[0], 3]));
      }
    }
    expect(() => exportOnnx(new AddOnes(), randn([2, 3], 0, 1, { rng }), { dynamicBatch: true }))
      .toThrow(/dynamicBatch: constant 'constant' \(read by Add 'model\/Add'\) depends on the batch size and is not a shape \(float32 \[2,3\] vs \[3,3\]\)/);
    expect(() => exportOnnx(new AddOnes(), randn([2, 3], 0, 1, { rng }), { dynamicBatch: true })).toThrow(OnnxExportError);
  });
});
