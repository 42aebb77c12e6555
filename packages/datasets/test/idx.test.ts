import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, gunzipWithStreams, parseIdx, readIdx } from '../src/index.js';
import { gunzipWithZlib } from '../src/node.js';
import { encodeIdx } from './idx-helpers.js';

describe('parseIdx', () => {
  it('decodes every element type big-endian', () => {
    const cases: [number, string, number[]][] = [
      [0x08, 'uint8', [0, 1, 255, 128, 7, 9]],
      [0x09, 'int8', [-128, -1, 0, 1, 127, 5]],
      [0x0b, 'int16', [-32768, -2, 0, 300, 32767, 1]],
      [0x0c, 'int32', [-2147483648, -70000, 0, 70000, 2147483647, 3]],
      [0x0d, 'float32', [-1.5, 0, 0.25, 1e10, -3.75, 2]],
      [0x0e, 'float64', [Math.PI, -Math.E, 0, 1e-300, 1e300, -0.1]],
    ];
    for (const [code, dtype, values] of cases) {
      const parsed = parseIdx(encodeIdx(code, [2, 3], values), `t.${dtype}`);
      expect(parsed.dtype).toBe(dtype);
      expect(parsed.shape).toEqual([2, 3]);
      expect(Array.from(parsed.data)).toEqual(values);
    }
  });

  it('accepts zero-size dimensions', () => {
    const parsed = parseIdx(encodeIdx(0x08, [0, 28], []), 'empty');
    expect(parsed.shape).toEqual([0, 28]);
    expect(parsed.data.length).toBe(0);
  });

  const good = encodeIdx(0x08, [2, 2], [1, 2, 3, 4]);
  const cases: [string, Uint8Array, RegExp][] = [
    ['shorter than the magic', good.subarray(0, 3), /'f': file is 3 bytes, shorter than the 4-byte magic number/],
    ['wrong magic', Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), /'f': bad magic number 0x01000801/],
    ['unknown type code', Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), /unknown type code 0x0a/],
    ['zero dimensions', Uint8Array.from([0, 0, 8, 0]), /dimension count is 0/],
    ['truncated header', good.subarray(0, 9), /truncated header: 2 dimensions need 12 bytes, file has 9/],
    ['truncated body', good.subarray(0, 14), /truncated: shape \[2, 2\] of uint8 needs 16 bytes, file has 14/],
    ['trailing bytes', Uint8Array.from([...good, 0, 0]), /2 unexpected trailing bytes/],
  ];
  for (const [what, bytes, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => parseIdx(bytes, 'f')).toThrow(IdxFormatError);
      expect(() => parseIdx(bytes, 'f')).toThrow(message);
    });
  }

  it('checks expected dtype and shape', () => {
    expect(() => parseIdx(good, 'g', { dtype: 'float32' })).toThrow(/'g': element type is uint8, expected float32/);
    expect(() => parseIdx(good, 'g', { shape: [2, 3] })).toThrow(/shape is \[2, 2\], expected \[2, 3\]/);
    expect(() => parseIdx(good, 'g', { shape: [4] })).toThrow(/shape is \[2, 2\], expected \[4\]/);
    expect(parseIdx(good, 'g', { shape: [-1, 2] }).shape).toEqual([2, 2]);
  });
});

describe('readIdx', () => {
  const plain = encodeIdx(0x0c, [3], [5, -6, 7]);
  const gz = new Uint8Array(gzipSync(plain));

  it('reads plain and gzip files with streams and zlib', async () => {
    for (const options of [{}, { gunzip: gunzipWithZlib }, { gunzip: gunzipWithStreams }]) {
      expect(Array.from((await readIdx(plain, 'p', options)).data)).toEqual([5, -6, 7]);
      expect(Array.from((await readIdx(gz, 'p.gz', options)).data)).toEqual([5, -6, 7]);
    }
  });

  it('reports corrupt gzip naming the file', async () => {
    const broken = gz.subarray(0, gz.length - 12);
    await expect(readIdx(broken, 'x.gz', { gunzip: gunzipWithZlib })).rejects.toThrow(/IDX file 'x.gz': gzip decompression failed/);
    await expect(readIdx(broken, 'x.gz')).rejects.toThrow(IdxFormatError);
  });

  it('reports a gzip of a truncated IDX as truncated', async () => {
    const truncated = new Uint8Array(gzipSync(plain.subarray(0, plain.length - 1)));
    await expect(readIdx(truncated, 'y.gz')).rejects.toThrow(/'y.gz': truncated: shape \[3\] of int32 needs 20 bytes, file has 19/);
  });
});
