import '@nabla/backend-js';
import { memory, setBackend, tensor, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, decodeCheckpoint, decodeSafetensors, encodeCheckpoint, encodeSafetensors, readSafetensors } from '../src/checkpoint/index.js';

beforeAll(async () => {
  await setBackend('js');
});

/** Assemble a safetensors buffer by hand: u64 LE header length, header text, data bytes. */
function build(header: string | object, data: Uint8Array = new Uint8Array(0), lengthOverride?: bigint): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

function f32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

function disposeAll(tensors: Record<string, Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}

describe('safetensors round trip', () => {
  it('preserves every dtype bit for bit, with shapes and metadata', async () => {
    const f32 = new Float32Array([1.5, -0, Number.NaN, Infinity, -Infinity, 3.4e38, 1e-45]);
    const f64 = new Float64Array([Math.PI, -1e308, 5e-324, Number.NaN]);
    const i32 = new Int32Array([0, -1, 2147483647, -2147483648, 42, 7]);
    const bools = new Uint8Array([1, 0, 0, 1, 1]);
    const originals: Record<string, Tensor> = {
      'layer.weight': tensor(f32, [7]),
      'double': tensor(f64, [2, 2]),
      'ints': tensor(i32, [2, 3]),
      'mask': tensor(bools, [5], 'bool'),
      'scalar': tensor([2.5], []),
      'empty': tensor(new Float32Array(0), [0, 3]),
    };
    const bytes = await encodeSafetensors(originals, { format: 'pt', note: 'héllo' });
    const { tensors, metadata } = await decodeSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', note: 'héllo' });
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(originals).sort());
    for (const [name, t] of Object.entries(originals)) {
      const back = tensors[name];
      expect(back.dtype).toBe(t.dtype);
      expect(back.shape).toEqual(t.shape);
      const a = t.dataSync();
      const b = back.dataSync();
      expect(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).toEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    disposeAll(originals);
    disposeAll(tensors);
  });

  it('writes the documented layout: LE u64 length, 8-byte padded JSON header, aligned contiguous data', async () => {
    const a = tensor([1, 2], [2], 'int32');
    const b = tensor(new Float64Array([0.5]), [1]);
    const c = tensor([1, 0, 1], [3], 'bool');
    const bytes = await encodeSafetensors({ a, c, b });
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const n = Number(view.getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    // larger elements first: F64, then I32, then BOOL — each begins aligned to its size
    expect(header.b).toEqual({ dtype: 'F64', shape: [1], data_offsets: [0, 8] });
    expect(header.a).toEqual({ dtype: 'I32', shape: [2], data_offsets: [8, 16] });
    expect(header.c).toEqual({ dtype: 'BOOL', shape: [3], data_offsets: [16, 19] });
    expect(bytes.length).toBe(8 + n + 19);
    expect(view.getFloat64(8 + n, true)).toBe(0.5);
    expect(view.getInt32(8 + n + 12, true)).toBe(2);
    expect('__metadata__' in header).toBe(false);
    for (const t of [a, b, c]) t.dispose();
  });

  it('decodes from ArrayBuffer, Uint8Array views and Blob', async () => {
    const t = tensor([1, 2, 3]);
    const bytes = await encodeSafetensors({ t });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    for (const source of [bytes.slice().buffer, shifted.subarray(3), new Blob([bytes])]) {
      const { tensors } = await decodeSafetensors(source);
      expect(Array.from(tensors.t.dataSync())).toEqual([1, 2, 3]);
      disposeAll(tensors);
    }
    t.dispose();
  });

  it('packs a model and optimizer state into one checkpoint and back', async () => {
    const w = tensor([[1, 2]]);
    const m = tensor([[0.1, 0.2]]);
    const bytes = await encodeCheckpoint({ model: { 'fc.weight': w }, optimizer: { tensors: { '0.expAvg': m }, meta: { optimizer: 'Adam', steps: [3] } }, metadata: { epoch: '4' } });
    const plain = readSafetensors(bytes);
    expect(Object.keys(plain.tensors).sort()).toEqual(['@optimizer/0.expAvg', 'fc.weight']);
    const back = await decodeCheckpoint(bytes);
    expect(back.metadata).toEqual({ epoch: '4' });
    expect(back.optimizer?.meta).toEqual({ optimizer: 'Adam', steps: [3] });
    expect(Array.from(back.optimizer!.tensors['0.expAvg'].dataSync())).toEqual(Array.from(m.dataSync()));
    expect(Array.from(back.model['fc.weight'].dataSync())).toEqual([1, 2]);
    await expect(encodeCheckpoint({ model: { w }, metadata: { 'nabla.x': 'y' } })).rejects.toThrowError(/reserved/);
    disposeAll(back.model);
    disposeAll(back.optimizer!.tensors);
    w.dispose();
    m.dispose();
  });
});

describe('safetensors validation', () => {
  const entry = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
  const data = f32Bytes([1, 2]);

  async function rejects(bytes: Uint8Array, message: RegExp): Promise<void> {
    const before = memory().numTensors;
    await expect(decodeSafetensors(bytes)).rejects.toThrowError(CheckpointError);
    await expect(decodeSafetensors(bytes)).rejects.toThrowError(message);
    expect(memory().numTensors).toBe(before);
  }

  it('accepts a hand-built buffer', async () => {
    const { tensors } = await decodeSafetensors(build({ x: entry }, data));
    expect(Array.from(tensors.x.dataSync())).toEqual([1, 2]);
    disposeAll(tensors);
  });

  it('rejects a corrupted header', async () => {
    await rejects(build('{"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]', data), /header is not valid JSON/);
    await rejects(build('[1, 2]', data), /header does not start with '\{'/);
    const notUtf8 = build('{"x":1}');
    notUtf8[10] = 0xff;
    await rejects(notUtf8, /not valid UTF-8/);
    await rejects(build({ x: { dtype: 'F32', shape: [2] } }, data), /tensor 'x' data_offsets must be \[begin, end\]/);
    await rejects(build({ x: { ...entry, shape: [-2] } }, data), /shape must be an array of non-negative integers/);
    await rejects(build({ __metadata__: { a: 1 }, x: entry }, data), /metadata 'a' must be a string/);
  });

  it('rejects duplicate tensor names', async () => {
    const text = `{"x": ${JSON.stringify(entry)}, "x": ${JSON.stringify({ ...entry, data_offsets: [0, 8] })}}`;
    await rejects(build(text, data), /duplicate key "x"/);
  });

  it('rejects truncated data and truncated headers', async () => {
    const full = build({ x: entry }, data);
    await rejects(full.subarray(0, full.length - 1), /tensor 'x' ends at byte 8 but only 7 data bytes are present \(truncated\?\)/);
    await rejects(full.subarray(0, 20), /runs past the end/);
    await rejects(full.subarray(0, 5), /too short for the 8-byte header length/);
  });

  it('rejects overlapping offsets, holes and trailing bytes', async () => {
    const two = f32Bytes([1, 2, 3, 4]);
    await rejects(build({ a: { ...entry, data_offsets: [0, 8] }, b: { ...entry, data_offsets: [4, 12] } }, two), /tensor 'b' data \[4, 12\] overlaps tensor 'a'/);
    await rejects(build({ a: { ...entry, data_offsets: [0, 8] }, b: { ...entry, data_offsets: [8, 16] } }, new Uint8Array(20)), /4 trailing data bytes/);
    await rejects(build({ a: { ...entry, data_offsets: [0, 8] }, b: { ...entry, data_offsets: [12, 20] } }, new Uint8Array(20)), /hole in the data: bytes \[8, 12\)/);
    await rejects(build({ a: { ...entry, data_offsets: [4, 12] } }, new Uint8Array(12)), /hole in the data: bytes \[0, 4\)/);
  });

  it('rejects unknown dtypes and byte lengths that do not match dtype and shape', async () => {
    await rejects(build({ x: { ...entry, dtype: 'F16', data_offsets: [0, 4] } }, new Uint8Array(4)), /tensor 'x' has dtype 'F16'; supported: F32, F64, I32, BOOL/);
    await rejects(build({ x: { ...entry, dtype: 'f32' } }, data), /dtype 'f32'/);
    await rejects(build({ x: { ...entry, shape: [3] } }, data), /F32 \[3\] needs 12 bytes but data_offsets \[0, 8\] span 8/);
    await rejects(build({ x: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, new Uint8Array([1, 2])), /only 0 and 1 are valid/);
  });

  it('rejects a huge header length without allocating it', async () => {
    await rejects(build({ x: entry }, data, 1n << 40n), /exceeds the 100000000-byte limit/);
    await rejects(build({ x: entry }, data, 200_000_000n), /header length 200000000 exceeds/);
  });

  it('refuses to encode a disposed tensor or the reserved name', async () => {
    const t = tensor([1]);
    await expect(encodeSafetensors({ __metadata__: t })).rejects.toThrowError(/reserved/);
    t.dispose();
    await expect(encodeSafetensors({ t })).rejects.toThrowError(/disposed/);
  });
});
