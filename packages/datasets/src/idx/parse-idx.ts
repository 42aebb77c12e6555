import { IdxFormatError } from '../errors.js';
import { readIdxHeader, type IdxExpectation } from './idx-header.js';
import type { IdxArray, IdxArrayMap, IdxDType } from './idx-types.js';

export type { IdxExpectation } from './idx-header.js';

/**
 * Decode an uncompressed IDX file. Checks the magic number, type code, dimension count, each
 * dimension, the expectations and the exact file length; `uint8` data is a zero-copy view into `bytes`.
 * @throws IdxFormatError naming `name` and the problem.
 */
export function parseIdx(bytes: Uint8Array, name: string, expect: IdxExpectation = {}): IdxArray {
  const header = readIdxHeader(bytes, name, expect);
  const { dtype, shape, count, headerBytes, totalBytes } = header;
  if (bytes.length < totalBytes) {
    throw new IdxFormatError(name, `truncated: shape [${shape.join(', ')}] of ${dtype} needs ${totalBytes} bytes, file has ${bytes.length}`);
  }
  if (bytes.length > totalBytes) {
    throw new IdxFormatError(name, `${bytes.length - totalBytes} unexpected trailing bytes after shape [${shape.join(', ')}] of ${dtype} (expected ${totalBytes} bytes, file has ${bytes.length})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { dtype, shape, data: decodeBody(view, headerBytes, count, dtype, bytes) };
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
