/** Initializers stored in float_data / int32_data / int64_data (make_tensor(raw=False)) decode at any size. */
import { writeFile, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OnnxFormatError, decodeOnnxModel } from '../../src/interop/index.js';
import { bigDelimited, intField, key, modelWithInitializers, packedFloats, packedVarints, tensorProto, varint, concat } from './test-proto.js';

const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
const BOOL = 9;

describe('ONNX typed repeated data fields', () => {
  it('decodes 200k-element float_data, int32_data and int64_data initializers read back from a file', { timeout: 120_000 } /* ~7 s alone; 35 s was seen under a loaded machine */, async () => {
    const n = 200_000;
    const floats = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1000);
    const int32s = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 65536 - 32768);
    const int64s = Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_003n - 5_000_000n);
    const bytes = modelWithInitializers([
      tensorProto('w', FLOAT, [400, 500], [bigDelimited(4, packedFloats(floats))]),
      tensorProto('i', INT32, [n], [bigDelimited(5, packedVarints(int32s))]),
      tensorProto('l', INT64, [n], [bigDelimited(7, packedVarints(int64s))]),
    ]);
    const folder = await mkdtemp(join(tmpdir(), 'nabla-onnx-'));
    try {
      await writeFile(join(folder, 'large.onnx'), bytes);
      const model = decodeOnnxModel(await readFile(join(folder, 'large.onnx')));
      const [w, i, l] = model.graph.initializers;
      expect(w.dims).toEqual([400, 500]);
      expect(new Float32Array(w.raw.slice().buffer)).toEqual(floats);
      expect(new Int32Array(i.raw.slice().buffer)).toEqual(int32s);
      const got = new BigInt64Array(l.raw.slice().buffer);
      let mismatches = 0;
      for (let k = 0; k < n; k++) if (got[k] !== int64s[k]) mismatches++;
      expect(mismatches).toBe(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('decodes unpacked (one field per value) float_data and int64 extremes', () => {
    const values = [1.5, -2, 0];
    const unpacked = values.map((v) => concat([key(4, 5), packedFloats([v])]));
    const extremes = [-(2n ** 63n), 2n ** 63n - 1n, -1n];
    const model = decodeOnnxModel(modelWithInitializers([
      tensorProto('f', FLOAT, [3], unpacked),
      tensorProto('l', INT64, [3], extremes.map((v) => intField(7, v))),
    ]));
    expect(Array.from(new Float32Array(model.graph.initializers[0].raw.slice().buffer))).toEqual(values);
    expect(Array.from(new BigInt64Array(model.graph.initializers[1].raw.slice().buffer))).toEqual(extremes);
  });

  it('rejects data in the wrong typed field, mixed with raw_data, out of int32 range, or not 0/1 for bool', () => {
    const bad = [
      tensorProto('a', FLOAT, [2], [bigDelimited(7, packedVarints([1, 2]))]),
      tensorProto('b', INT64, [1], [intField(7, 1), bigDelimited(9, new Uint8Array(8))]),
      tensorProto('c', INT32, [1], [intField(5, 2 ** 31)]),
      tensorProto('d', BOOL, [1], [intField(5, 2)]),
      tensorProto('e', FLOAT, [3], [bigDelimited(4, packedFloats([1, 2]))]),
      tensorProto('f', INT32, [2], [bigDelimited(5, Uint8Array.from([...varint(1), 0x80]))]),
    ];
    for (const t of bad) expect(() => decodeOnnxModel(modelWithInitializers([t]))).toThrow(OnnxFormatError);
  });
});
