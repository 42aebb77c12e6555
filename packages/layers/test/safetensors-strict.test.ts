/** Both safetensors readers follow the reference implementation's rules: integer-literal shapes and offsets, well-formed names, data tiled exactly. */
import { describe, expect, it } from 'vitest';
import { CheckpointError, readSafetensors } from '../src/checkpoint/index.js';
import { readForeignSafetensors } from '../src/interop/index.js';

/** u64 LE header length, the header text exactly as given (so number spellings and escapes survive), the data. */
function build(headerText: string, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

const twoFloats = new Uint8Array(new Float32Array([1.5, -2]).buffer);
const readers = [
  ['readSafetensors', (b: Uint8Array) => readSafetensors(b).tensors],
  ['readForeignSafetensors', readForeignSafetensors],
] as const;

describe.each(readers)('%s', (_, read) => {
  it('reads a tensor whose name is a surrogate pair written as escapes', () => {
    const tensors = read(build('{"\\ud83d\\ude00":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', twoFloats));
    expect(Object.keys(tensors)).toEqual(['\u{1F600}']);
    expect(Array.from(tensors['\u{1F600}'].data)).toEqual([1.5, -2]);
  });

  it.each([
    ['shape 2.0', '{"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}'],
    ['shape 2e0', '{"a":{"dtype":"F32","shape":[2e0],"data_offsets":[0,8]}}'],
    ['shape 1.0 among integers', '{"a":{"dtype":"F32","shape":[1.0,2],"data_offsets":[0,8]}}'],
    ['offset -0', '{"a":{"dtype":"F32","shape":[2],"data_offsets":[-0,8]}}'],
    ['offset 8.0', '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8.0]}}'],
    ['offset 0E0', '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0E0,8]}}'],
    ['a lone high surrogate name', '{"\\ud83d":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'],
    ['a lone low surrogate name', '{"x\\ude00":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'],
    ['reversed surrogates', '{"\\ude00\\ud83d":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'],
    ['a lone surrogate in metadata', '{"__metadata__":{"k":"\\ud800"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'],
  ])('rejects %s', (_label, header) => {
    expect(() => read(build(header, twoFloats))).toThrow(CheckpointError);
  });

  it('rejects a header opening with a byte-order mark (its first byte must be {)', () => {
    expect(() => read(build('\ufeff{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', twoFloats))).toThrow(/does not start with '\{'/);
  });

  it('rejects a hole between tensors and bytes after the last one', () => {
    const hole = build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}', new Uint8Array(12));
    expect(() => read(hole)).toThrow(/hole in the data/);
    const trailing = build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(8));
    expect(() => read(trailing)).toThrow(/trailing data bytes/);
    const leading = build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', new Uint8Array(8));
    expect(() => read(leading)).toThrow(/hole in the data/);
  });

  it('keeps a tensor named __proto__ as an ordinary entry and rejects prototype names as dtypes', () => {
    const tensors = read(build('{"__proto__":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', twoFloats));
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(() => read(build('{"a":{"dtype":"toString","shape":[2],"data_offsets":[0,8]}}', twoFloats))).toThrow(CheckpointError);
  });
});
