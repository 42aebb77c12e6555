/** exportOnnx rejects what it cannot export with errors naming the op, module or opset, and leaves the model as it was. */
import '@nabla/backend-js';
import { noGrad } from '@nabla/autograd';
import { Rng, atan2, leakyRelu, memory, randn, setBackend, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm1d, Dense, LSTM, Module, Sequential } from '../../src/index.js';
import { OnnxExportError, decodeOnnxModel, exportOnnx } from '../../src/interop/index.js';
import { expectOrtMatches } from './onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(3);

class Angle extends Module {
  forward(x: Tensor): Tensor {
    return atan2(x, x.add(1));
  }
}

class Scalar extends Module<[Tensor], number> {
  forward(x: Tensor): number {
    return x.size;
  }
}

describe('exportOnnx errors', () => {
  it('rejects opsets outside 13..21, naming the opset and the range', () => {
    const model = new Dense(2, 2, { rng });
    const x = randn([1, 2], 0, 1, { rng });
    for (const opset of [12, 22, 17.5]) {
      expect(() => exportOnnx(model, x, { opset })).toThrow(OnnxExportError);
      expect(() => exportOnnx(model, x, { opset })).toThrow(new RegExp(`opset ${opset} is not supported; choose an integer from 13 to 21`));
    }
  });

  it('names an op without an ONNX mapping and the module that used it', () => {
    const model = new Sequential(new Dense(2, 2, { rng }), new Angle());
    expect(() => exportOnnx(model, randn([1, 2], 0, 1, { rng }))).toThrow(/op 'atan2' in Angle at '1' has no ONNX mapping/);
  });


  it('rejects int64Inputs naming a non-int32 input, and inputAxes outside an input', () => {
    const model = new Dense(2, 2, { rng });
    const x = randn([3, 2], 0, 1, { rng });
    expect(() => exportOnnx(model, x, { int64Inputs: ['input'] })).toThrow(/int64Inputs names input 'input', which is float32 \[3,2\]; only int32 inputs can be declared int64/);
    expect(() => exportOnnx(model, x, { dynamicBatch: true, inputAxes: [{ batch: 2 }] })).toThrow(/inputAxes\[0\]\.batch is 2, not an axis of input 0 \[3,2\]/);
  });

  it('rejects a forward that returns no tensors', () => {
    expect(() => exportOnnx(new Scalar(), randn([1, 2], 0, 1, { rng }))).toThrow(/Scalar.forward must return a tensor, or arrays and objects of tensors/);
  });

  it('rejects an empty or disposed example input', () => {
    const model = new Dense(2, 2, { rng });
    expect(() => exportOnnx(model, [])).toThrow(/exampleInput must be a tensor or a non-empty array/);
    const x = randn([1, 2], 0, 1, { rng });
    x.dispose();
    expect(() => exportOnnx(model, x)).toThrow(/disposed/);
  });

  it('leaves the model, its training flags and autograd working after a failed export', () => {
    const model = new Sequential(new Dense(2, 2, { rng }), new Angle());
    const x = randn([3, 2], 0, 1, { rng });
    expect(() => exportOnnx(model, x)).toThrow(OnnxExportError);
    expect(model.modules().every((m) => m.training)).toBe(true);
    const dense = model.at(0) as Dense;
    dense.forward(x).sum().backward();
    expect(dense.weight.grad?.shape).toEqual([2, 2]);
    // and a later export still works
    expect(decodeOnnxModel(exportOnnx(dense, x)).graph.nodes.map((n) => n.opType)).toEqual(['Transpose', 'MatMul', 'Add', 'Identity']);
  });
});

/** Checks, while it runs, that nothing patched its `forward` (the exporter only traces). */
class Unpatched extends Module {
  patched: boolean[] = [];

  forward(x: Tensor): Tensor {
    this.patched.push(Object.prototype.hasOwnProperty.call(this, 'forward'));
    return leakyRelu(x, 0.1).neg();
  }
}

describe('exportOnnx housekeeping', () => {
  it('traces through withTrace: no forward is patched, and functional comparisons (leakyRelu) export', async () => {
    const inner = new Unpatched();
    const model = new Sequential(new Dense(2, 3, { rng }), inner);
    const x = randn([4, 2], 0, 1, { rng });
    const bytes = exportOnnx(model, x);
    expect(inner.patched).toEqual([false]);
    expect(decodeOnnxModel(bytes).graph.nodes.map((n) => n.opType)).toContain('Greater');
    await expectOrtMatches(bytes, { input: x }, model.forward(x));
  });

  it('leaves no tensors behind, with either recurrent mode and a dynamic batch, and works inside noGrad', () => {
    const model = new Sequential(new Dense(3, 4, { rng }), new BatchNorm1d(4));
    const lstm = new LSTM(2, 3, { rng, numLayers: 2 });
    const x = randn([2, 3], 0, 1, { rng });
    const seq = randn([2, 4, 2], 0, 1, { rng });
    const before = memory().numTensors;
    exportOnnx(model, x, { dynamicBatch: true });
    exportOnnx(lstm, seq);
    exportOnnx(lstm, seq, { recurrent: 'onnx', dynamicBatch: true });
    expect(() => exportOnnx(new Sequential(new Dense(3, 3, { rng }), new Angle()), x)).toThrow(OnnxExportError);
    expect(memory().numTensors).toBe(before + 2); // only the weight and bias of the Dense built for the failing export
    const nodes = noGrad(() => decodeOnnxModel(exportOnnx(model, x)).graph.nodes.map((n) => n.opType));
    expect(nodes).toEqual(decodeOnnxModel(exportOnnx(model, x)).graph.nodes.map((n) => n.opType));
    expect(nodes).toContain('MatMul');
  });
});
