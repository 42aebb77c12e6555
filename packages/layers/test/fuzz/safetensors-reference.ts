/**
 * A reference model of the safetensors format for the fuzz tests, written apart from the library:
 * u64 LE header length (≤ 100 MB, ≥ 2), a UTF-8 JSON object header starting with '{', optional
 * `__metadata__` of strings, one entry per tensor with a known dtype, integer-literal shape and
 * [begin, end] offsets whose span equals the tensor's size, the entries tiling the data exactly.
 * Values are returned as each reader should deliver them.
 */
import { RefReject, refIndex, refParseJson, type RefJson } from './strict-json-reference.js';

/** One tensor as the reference reads it: Nabla dtype, shape and values. */
export interface RefTensor {
  readonly dtype: 'float32' | 'float64' | 'int32' | 'bool';
  readonly shape: number[];
  readonly values: number[];
}

/** How a reader turns each dtype's bytes into values (undefined: dtype not read). */
export type RefDtypes = Record<string, { bytes: number; dtype: RefTensor['dtype']; read: (view: DataView, i: number) => number }>;

function half(bits: number): number {
  const e = (bits >> 10) & 31;
  const f = bits & 1023;
  const s = bits >> 15 ? -1 : 1;
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return e === 0 ? s * f * 2 ** -24 : s * 2 ** (e - 15) * (1 + f / 1024);
}

function bool(view: DataView, i: number): number {
  const b = view.getUint8(i);
  if (b > 1) throw new RefReject('bool byte not 0/1');
  return b;
}

/** The strict checkpoint reader's dtypes. */
export const STRICT_DTYPES: RefDtypes = {
  F32: { bytes: 4, dtype: 'float32', read: (v, i) => v.getFloat32(4 * i, true) },
  F64: { bytes: 8, dtype: 'float64', read: (v, i) => v.getFloat64(8 * i, true) },
  I32: { bytes: 4, dtype: 'int32', read: (v, i) => v.getInt32(4 * i, true) },
  BOOL: { bytes: 1, dtype: 'bool', read: bool },
};

/** The foreign reader's dtypes, widened or narrowed to Nabla's. */
export const FOREIGN_DTYPES: RefDtypes = {
  ...STRICT_DTYPES,
  F16: { bytes: 2, dtype: 'float32', read: (v, i) => Math.fround(half(v.getUint16(2 * i, true))) },
  BF16: { bytes: 2, dtype: 'float32', read: (v, i) => new Float32Array(new Uint32Array([v.getUint16(2 * i, true) * 65536]).buffer)[0] },
  I64: {
    bytes: 8, dtype: 'int32', read: (v, i) => {
      const x = v.getBigInt64(8 * i, true);
      if (x < -(2n ** 31n) || x >= 2n ** 31n) throw new RefReject('I64 out of int32 range');
      return Number(x);
    },
  },
  I16: { bytes: 2, dtype: 'int32', read: (v, i) => v.getInt16(2 * i, true) },
  I8: { bytes: 1, dtype: 'int32', read: (v, i) => v.getInt8(i) },
  U8: { bytes: 1, dtype: 'int32', read: (v, i) => v.getUint8(i) },
};

/** The tensors (by name, in header order) and metadata of `bytes`, or a RefReject. */
export function refReadSafetensors(bytes: Uint8Array, dtypes: RefDtypes): { tensors: Map<string, RefTensor>; metadata: Map<string, string> } {
  if (bytes.length < 8) throw new RefReject('no length');
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (n < 2 || n > 100_000_000 || 8 + n > bytes.length) throw new RefReject('bad header length');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw new RefReject('header not UTF-8');
  }
  if (text[0] !== '{') throw new RefReject("header does not open with '{'");
  const header = refParseJson(text);
  if (header.kind !== 'object') throw new RefReject('header not an object');
  const metadata = new Map<string, string>();
  const spans: { name: string; begin: number; end: number; code: string; shape: number[]; size: number }[] = [];
  for (const [name, v] of header.entries) {
    if (name === '__metadata__') {
      if (v.kind !== 'object') throw new RefReject('metadata not an object');
      for (const [k, s] of v.entries) {
        if (s.kind !== 'string') throw new RefReject('metadata value not a string');
        metadata.set(k, s.value);
      }
      continue;
    }
    if (v.kind !== 'object') throw new RefReject('entry not an object');
    const field = (key: string): RefJson | undefined => v.entries.find(([k]) => k === key)?.[1];
    const code = field('dtype');
    if (code?.kind !== 'string' || !Object.hasOwn(dtypes, code.value)) throw new RefReject('dtype');
    const shapeJson = field('shape');
    const offsetsJson = field('data_offsets');
    if (shapeJson?.kind !== 'array' || offsetsJson?.kind !== 'array' || offsetsJson.items.length !== 2) throw new RefReject('shape/offsets');
    const shape = shapeJson.items.map(refIndex);
    const [begin, end] = offsetsJson.items.map(refIndex);
    if (shape.some((d) => d === undefined) || begin === undefined || end === undefined) throw new RefReject('not integer literals');
    let size = 1;
    for (const d of shape as number[]) size *= d;
    const span = size * dtypes[code.value].bytes;
    if (!Number.isSafeInteger(span) || end < begin || end - begin !== span) throw new RefReject('span');
    spans.push({ name, begin, end, code: code.value, shape: shape as number[], size });
  }
  const dataLength = bytes.length - 8 - n;
  const byBegin = [...spans].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const s of byBegin) {
    if (s.begin !== cursor) throw new RefReject('hole or overlap');
    cursor = s.end;
  }
  if (cursor !== dataLength) throw new RefReject('data length');
  const tensors = new Map<string, RefTensor>();
  for (const s of spans) {
    const t = dtypes[s.code];
    const view = new DataView(bytes.buffer, bytes.byteOffset + 8 + n + s.begin, s.end - s.begin);
    tensors.set(s.name, { dtype: t.dtype, shape: s.shape, values: Array.from({ length: s.size }, (_, i) => t.read(view, i)) });
  }
  return { tensors, metadata };
}
