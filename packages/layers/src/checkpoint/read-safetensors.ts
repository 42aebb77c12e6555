/** Parse and fully validate a safetensors buffer into host tensors. */
import { BYTES_PER_ELEMENT, allocHostArray, type DType, type TypedArray } from '@nabla/tensor-core';
import { CheckpointError } from './errors.js';
import type { HostTensor, SafetensorsContents } from './host-tensor.js';
import { dtypeFromSafetensors } from './safetensors-dtypes.js';
import { HOST_IS_LITTLE_ENDIAN, LENGTH_PREFIX_BYTES, MAX_HEADER_BYTES, METADATA_KEY } from './safetensors-layout.js';
import { JsonSyntaxError, parseStrictJson, type JsonObject, type JsonValue } from './strict-json.js';

interface Entry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

const OP = 'decodeSafetensors';

function fail(message: string): never {
  throw new CheckpointError(OP, message);
}

function readHeaderLength(bytes: Uint8Array): number {
  if (bytes.length < LENGTH_PREFIX_BYTES) fail(`buffer of ${bytes.length} bytes is too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, LENGTH_PREFIX_BYTES);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const length = high * 2 ** 32 + low;
  if (high !== 0 || length > MAX_HEADER_BYTES) fail(`header length ${high !== 0 ? `${length} (≥ 2^32)` : length} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (length < 2) fail(`header length ${length} is too small for a JSON object`);
  if (LENGTH_PREFIX_BYTES + length > bytes.length) {
    fail(`header length ${length} runs past the end of the ${bytes.length}-byte buffer (truncated?)`);
  }
  return length;
}

function parseHeader(bytes: Uint8Array, length: number): JsonObject {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(LENGTH_PREFIX_BYTES, LENGTH_PREFIX_BYTES + length));
  } catch {
    return fail('header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail("header does not start with '{'");
  let header: JsonValue;
  try {
    header = parseStrictJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) fail(`header is not valid JSON: ${err.message}`);
    throw err;
  }
  if (!(header instanceof Map)) return fail('header must be a JSON object');
  return header;
}

function parseMetadata(value: JsonValue): Record<string, string> {
  if (!(value instanceof Map)) fail(`'${METADATA_KEY}' must be an object of strings`);
  for (const [key, v] of value) {
    if (typeof v !== 'string') fail(`metadata '${key}' must be a string, got ${v instanceof Map ? 'an object' : JSON.stringify(v)}`);
  }
  return Object.fromEntries(value) as Record<string, string>;
}

function isIndex(v: JsonValue): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function parseEntry(name: string, value: JsonValue): Entry {
  if (!(value instanceof Map)) fail(`tensor '${name}' must be described by an object`);
  const code = value.get('dtype');
  if (typeof code !== 'string') fail(`tensor '${name}' has no dtype string`);
  const dtype = dtypeFromSafetensors(code);
  if (!dtype) fail(`tensor '${name}' has dtype '${code}'; supported: F32, F64, I32, BOOL`);
  const shape = value.get('shape');
  if (!Array.isArray(shape) || !shape.every(isIndex)) fail(`tensor '${name}' shape must be an array of non-negative integers`);
  const offsets = value.get('data_offsets');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    fail(`tensor '${name}' data_offsets must be [begin, end] with non-negative integers`);
  }
  const [begin, end] = offsets as number[];
  if (end < begin) fail(`tensor '${name}' data_offsets [${begin}, ${end}] end before they begin`);
  const elements = (shape as number[]).reduce((n, d) => n * d, 1);
  const expected = elements * BYTES_PER_ELEMENT[dtype];
  if (!Number.isSafeInteger(expected) || end - begin !== expected) {
    fail(`tensor '${name}' ${code} [${(shape as number[]).join(',')}] needs ${expected} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** Entries must tile [0, dataLength) exactly: no overlap, no hole, nothing after the last tensor. */
function checkCoverage(entries: readonly Entry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const e of sorted) {
    if (e.begin < cursor) fail(`tensor '${e.name}' data [${e.begin}, ${e.end}] overlaps tensor '${previous}' (ends at ${cursor})`);
    if (e.begin > cursor) fail(`hole in the data: bytes [${cursor}, ${e.begin}) before tensor '${e.name}' belong to no tensor`);
    cursor = e.end;
    previous = e.name;
  }
  if (cursor > dataLength) fail(`tensor '${previous}' ends at byte ${cursor} but only ${dataLength} data bytes are present (truncated?)`);
  if (cursor < dataLength) fail(`${dataLength - cursor} trailing data bytes after the last tensor belong to no tensor`);
}

function copyValues(bytes: Uint8Array, start: number, e: Entry): TypedArray {
  const size = e.shape.reduce((n, d) => n * d, 1);
  const out = allocHostArray(e.dtype, size);
  const source = bytes.subarray(start + e.begin, start + e.end);
  if (HOST_IS_LITTLE_ENDIAN || e.dtype === 'bool') new Uint8Array(out.buffer).set(source);
  else {
    const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
    for (let i = 0; i < size; i++) {
      out[i] = e.dtype === 'float32' ? view.getFloat32(i * 4, true) : e.dtype === 'float64' ? view.getFloat64(i * 8, true) : view.getInt32(i * 4, true);
    }
  }
  if (e.dtype === 'bool') {
    const bad = out.findIndex((v) => v !== 0 && v !== 1);
    if (bad >= 0) fail(`BOOL tensor '${e.name}' holds byte ${out[bad]} at element ${bad}; only 0 and 1 are valid`);
  }
  return out;
}

/**
 * Read a safetensors buffer into host tensors and metadata. The whole buffer is validated first
 * (header length and size cap, UTF-8 JSON without duplicate names, dtypes, shapes, byte lengths,
 * offsets tiling the data with no holes or overlaps); any problem throws a CheckpointError.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsContents<HostTensor> {
  const headerLength = readHeaderLength(bytes);
  const header = parseHeader(bytes, headerLength);
  const dataStart = LENGTH_PREFIX_BYTES + headerLength;
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of header) {
    if (name === METADATA_KEY) metadata = parseMetadata(value);
    else entries.push(parseEntry(name, value));
  }
  checkCoverage(entries, bytes.length - dataStart);
  const tensors: Record<string, HostTensor> = Object.fromEntries(
    entries.map((e) => [e.name, { dtype: e.dtype, shape: e.shape, data: copyValues(bytes, dataStart, e) }]),
  );
  return { tensors, metadata };
}
