import { IdxFormatError } from '../errors.js';
import { IDX_TYPE_CODES, type IdxDType } from './idx-types.js';

/** Checks an IDX file's expectations: element type and/or exact shape. */
export interface IdxExpectation {
  /** Required element type; another one throws IdxFormatError. */
  readonly dtype?: IdxDType;
  /** Expected dimensions; `-1` accepts any size on that axis. */
  readonly shape?: readonly number[];
}

/** What an IDX header declares. */
export interface IdxHeader {
  readonly dtype: IdxDType;
  readonly shape: readonly number[];
  /** Elements (product of the shape). */
  readonly count: number;
  /** Bytes of the magic number and dimensions. */
  readonly headerBytes: number;
  /** Bytes the whole file must have: header plus data. */
  readonly totalBytes: number;
}

/** Bytes an IDX header occupies, once its first 4 bytes are known (at most 4 + 4·255). */
export function idxHeaderLength(prefix: Uint8Array): number {
  return 4 + 4 * prefix[3];
}

/**
 * Read and check an IDX header from the start of a file (`prefix` may be the whole file or just
 * its first bytes): magic number, type code, dimension count, dimensions and the expectations.
 * The file length is not checked here.
 * @throws IdxFormatError naming `name` and the problem.
 */
export function readIdxHeader(prefix: Uint8Array, name: string, expect: IdxExpectation = {}): IdxHeader {
  if (prefix.length < 4) {
    throw new IdxFormatError(name, `file is ${prefix.length} bytes, shorter than the 4-byte magic number`);
  }
  if (prefix[0] !== 0 || prefix[1] !== 0) {
    const magic = [...prefix.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
    throw new IdxFormatError(name, `bad magic number 0x${magic}: the first two bytes must be zero`);
  }
  const type = IDX_TYPE_CODES[prefix[2]];
  if (type === undefined) {
    throw new IdxFormatError(name, `unknown type code 0x${prefix[2].toString(16).padStart(2, '0')} (expected 08, 09, 0b, 0c, 0d or 0e)`);
  }
  const rank = prefix[3];
  if (rank === 0) throw new IdxFormatError(name, 'dimension count is 0');
  const headerBytes = idxHeaderLength(prefix);
  if (prefix.length < headerBytes) {
    throw new IdxFormatError(name, `truncated header: ${rank} dimensions need ${headerBytes} bytes, file has ${prefix.length}`);
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, headerBytes);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const dim = view.getUint32(4 + 4 * i, false);
    shape.push(dim);
    count *= dim;
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
  return { dtype: type.dtype, shape, count, headerBytes, totalBytes: headerBytes + count * type.bytes };
}
