import { IdxFormatError } from '../errors.js';
import { IDX_TYPE_CODES, type IdxArray, type IdxArrayMap, type IdxDType } from './idx-types.js';

/** Checks an IDX file's expectations: element type and/or exact shape. */
export interface IdxExpectation {
  readonly dtype?: IdxDType;
  /** Expected dimensions; `-1` accepts any size on that axis. */
  readonly shape?: readonly number[];
}

/**
 * Decode an uncompressed IDX file. Checks the magic number, type code, dimension count, each
 * dimension and the exact file length; `uint8` data is a zero-copy view into `bytes`.
 * @throws IdxFormatError naming `name` and the problem.
 */
export function parseIdx(bytes: Uint8Array, name: string, expect: IdxExpectation = {}): IdxArray {
  if (bytes.length < 4) {
    throw new IdxFormatError(name, `file is ${bytes.length} bytes, shorter than the 4-byte magic number`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
    throw new IdxFormatError(name, `bad magic number 0x${magic}: the first two bytes must be zero`);
  }
  const type = IDX_TYPE_CODES[bytes[2]];
  if (type === undefined) {
    throw new IdxFormatError(name, `unknown type code 0x${bytes[2].toString(16).padStart(2, '0')} (expected 08, 09, 0b, 0c, 0d or 0e)`);
  }
  const rank = bytes[3];
  if (rank === 0) throw new IdxFormatError(name, 'dimension count is 0');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(name, `truncated header: ${rank} dimensions need ${headerBytes} bytes, file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const dim = view.getUint32(4 + 4 * i, false);
    shape.push(dim);
    count *= dim;
  }
  const expectedLength = headerBytes + count * type.bytes;
  if (bytes.length < expectedLength) {
    throw new IdxFormatError(name, `truncated: shape [${shape.join(', ')}] of ${type.dtype} needs ${expectedLength} bytes, file has ${bytes.length}`);
  }
  if (bytes.length > expectedLength) {
    throw new IdxFormatError(name, `${bytes.length - expectedLength} unexpected trailing bytes after shape [${shape.join(', ')}] of ${type.dtype} (expected ${expectedLength} bytes, file has ${bytes.length})`);
  }
  if (expect.dtype !== undefined && expect.dtype !== type.dtype) {
    throw new IdxFormatError(name, `element type is ${type.dtype}, expected ${expect.dtype}`);
  }
  if (expect.shape !== undefined) {
    const want = expect.shape;
    const ok = want.length === rank && want.every((d, i) => d === -1 || d === shape[i]);
    if (!ok) {
      const wanted = want.map((d) => (d === -1 ? 'any' : String(d))).join(', ');
      throw new IdxFormatError(name, `shape is [${shape.join(', ')}], expected [${wanted}]`);
    }
  }
  return { dtype: type.dtype, shape, data: decodeBody(view, headerBytes, count, type.dtype, bytes) };
}

function decodeBody(view: DataView, offset: number, count: number, dtype: IdxDType, bytes: Uint8Array): IdxArrayMap[IdxDType] {
  switch (dtype) {
    case 'uint8':
      return bytes.subarray(offset, offset + count);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count).slice();
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}
