/** exportOnnxFile (`@nabla/layers/node`): atomic, verified writes that ONNX Runtime can open by path. */
import '@nabla/backend-js';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, randn, setBackend, type Tensor } from '@nabla/tensor-core';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnxFile } from '@nabla/layers/node';
import { decodeOnnxModel } from '@nabla/layers/interop';
import { Dense, LSTM, Module, Sequential, Tanh } from '../../src/index.js';
import { relativeError } from './onnx-runtime.js';

let folder: string;

beforeAll(async () => {
  await setBackend('js');
  folder = await mkdtemp(join(tmpdir(), 'nabla-onnx-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const rng = new Rng(9);

describe('exportOnnxFile', () => {
  it('writes a file that decodes to the returned model and runs in ONNX Runtime by path', async () => {
    const model = new Sequential(new Dense(3, 5, { rng }), new Tanh(), new Dense(5, 2, { rng }));
    const x = randn([4, 3], 0, 1, { rng });
    const path = join(folder, 'mlp.onnx');
    const parsed = await exportOnnxFile(path, model, x);
    expect(decodeOnnxModel(await readFile(path))).toEqual(parsed);
    const session = await InferenceSession.create(path);
    const r = await session.run({ input: new OrtTensor('float32', x.dataSync() as Float32Array, [4, 3]) });
    await session.release();
    expect(relativeError(r.output.data as Float32Array, model.forward(x).dataSync() as Float32Array)).toBeLessThanOrEqual(1e-4);
    expect((await readdir(folder)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('names nested outputs by their path (state.h, state.c)', async () => {
    class Stateful extends Module<[Tensor], { logits: Tensor; state: { h: Tensor; c: Tensor } }> {
      lstm = new LSTM(2, 3, { rng });
      head = new Dense(3, 4, { rng });
      forward(x: Tensor): { logits: Tensor; state: { h: Tensor; c: Tensor } } {
        const r = this.lstm.call(x);
        return { logits: this.head.call(r.output), state: { h: r.h, c: r.c } };
      }
    }
    const parsed = await exportOnnxFile(join(folder, 'stateful.onnx'), new Stateful(), randn([1, 2, 2], 0, 1, { rng }));
    expect(parsed.graph.outputs.map((o) => [o.name, o.shape])).toEqual([['logits', [1, 2, 4]], ['state.h', [1, 1, 3]], ['state.c', [1, 1, 3]]]);
  });

  it('leaves an existing file untouched when the export fails, and reports an unwritable folder', async () => {
    const path = join(folder, 'keep.onnx');
    await writeFile(path, 'previous');
    await expect(exportOnnxFile(path, new Dense(2, 2, { rng }), randn([1, 2]), { opset: 9 })).rejects.toThrow(/opset 9 is not supported/);
    expect(await readFile(path, 'utf8')).toBe('previous');
    await expect(exportOnnxFile(join(folder, 'missing', 'x.onnx'), new Dense(2, 2, { rng }), randn([1, 2]))).rejects.toThrow(/ENOENT/);
  });
});
