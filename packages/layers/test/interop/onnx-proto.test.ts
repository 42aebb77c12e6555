/** The protobuf writer and reader: exported files decode to what was traced, re-encode byte-identically, and bad bytes are rejected. */
import '@nabla/backend-js';
import { Rng, randn, setBackend } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm2d, Conv2d, Flatten, Sequential } from '../../src/index.js';
import { OnnxFormatError, decodeOnnxModel, encodeOnnxModel, exportOnnx } from '../../src/interop/index.js';
import { ProtoWriter } from '../../src/interop/onnx/proto-writer.js';
import { ProtoReader, asInt } from '../../src/interop/onnx/proto-reader.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(5);

describe('ONNX protobuf encoding', () => {
  it('writes varints like protobuf (150 → 96 01, −1 → ten bytes) and reads them back', () => {
    const w = new ProtoWriter();
    w.int(1, 150);
    w.int(2, -1);
    const bytes = w.finish();
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0x08, 0x96, 0x01]);
    expect(bytes.length).toBe(3 + 1 + 10);
    const fields = new ProtoReader(bytes, 'test').fields();
    expect(fields.map((f) => asInt(f, 'test'))).toEqual([150, -1]);
  });

  it('decodes an exported model: IR and opset, graph inputs and outputs, initializers named and valued as the state dict', () => {
    const model = new Sequential(new Conv2d(1, 2, 3, { rng }), new BatchNorm2d(2), new Flatten());
    model.eval();
    const x = randn([2, 1, 5, 5], 0, 1, { rng });
    const bytes = exportOnnx(model, x, { opset: 17 });
    const decoded = decodeOnnxModel(bytes);
    expect(decoded.irVersion).toBe(8);
    expect(decoded.opsetVersion).toBe(17);
    expect(decoded.producerName).toBe('nabla');
    expect(decoded.graph.inputs).toEqual([{ name: 'input', dataType: 'float32', shape: [2, 1, 5, 5] }]);
    expect(decoded.graph.outputs).toEqual([{ name: 'output', dataType: 'float32', shape: [2, 18] }]);
    const byName = new Map(decoded.graph.initializers.map((t) => [t.name, t]));
    for (const [key, t] of Object.entries(model.stateDict())) {
      if (key.endsWith('num_batches_tracked')) continue; // not read by eval-mode batch norm
      const init = byName.get(key);
      expect(init?.dims, key).toEqual(t.shape);
      expect(Array.from(new Float32Array(init?.raw.slice().buffer ?? new ArrayBuffer(0))), key).toEqual(Array.from(t.dataSync()));
    }
    const conv = decoded.graph.nodes.find((n) => n.opType === 'Conv');
    expect(conv?.attributes).toContainEqual({ name: 'kernel_shape', kind: 'ints', value: [3, 3] });
    expect(encodeOnnxModel(decoded)).toEqual(bytes);
  });

  it('rejects truncated and non-ONNX bytes with an OnnxFormatError', () => {
    const bytes = exportOnnx(new Conv2d(1, 1, 1, { rng }), randn([1, 1, 2, 2], 0, 1, { rng }));
    expect(() => decodeOnnxModel(bytes.subarray(0, bytes.length - 7))).toThrow(OnnxFormatError);
    expect(() => decodeOnnxModel(new TextEncoder().encode('{"not": "onnx"}'))).toThrow(OnnxFormatError);
    expect(() => decodeOnnxModel(new Uint8Array(0))).toThrow(/no ir_version/);
  });
});
