/**
 * The layout checks every safetensors reader shares: the length prefix, the UTF-8 JSON header
 * (strict: no duplicate names, no lone surrogates), string metadata, one entry per tensor with a
 * dtype string, integer-literal shape and data_offsets, and offsets tiling the data exactly.
 * Readers differ only in the dtypes they accept and how they decode values.
 */
import { checkDataCoverage } from './data-coverage.js';
import { CheckpointError } from './errors.js';
import { LENGTH_PREFIX_BYTES, MAX_HEADER_BYTES, METADATA_KEY } from './safetensors-layout.js';
import { JsonSyntaxError, parseStrictJson, type JsonObject, type JsonValue } from './strict-json.js';

/** One tensor's header entry, checked against the data section. */
export interface SafetensorsEntry {
  readonly name: string;
  /** The safetensors dtype string (`F32`, `I64`, ...). */
  readonly code: string;
  readonly shape: number[];
  /** Number of elements (product of `shape`). */
  readonly size: number;
  /** Byte range [begin, end) within the data section. */
  readonly begin: number;
  readonly end: number;
}

/** A checked header: entries in header order, string metadata and where the data section starts. */
export interface SafetensorsHeader {
  readonly entries: readonly SafetensorsEntry[];
  readonly metadata: Record<string, string>;
  readonly dataStart: number;
}

function readHeaderLength(bytes: Uint8Array, fail: (m: string) => never): number {
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

function parseHeaderJson(bytes: Uint8Array, length: number, fail: (m: string) => never): JsonObject {
  let text: string;
  try {
    // ignoreBOM keeps a leading U+FEFF, so a header that does not start with '{' is refused as the reference does
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(LENGTH_PREFIX_BYTES, LENGTH_PREFIX_BYTES + length));
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

function parseMetadata(value: JsonValue, fail: (m: string) => never): Record<string, string> {
  if (!(value instanceof Map)) fail(`'${METADATA_KEY}' must be an object of strings`);
  for (const [key, v] of value) {
    if (typeof v !== 'string') fail(`metadata '${key}' must be a string, got ${v instanceof Map ? 'an object' : JSON.stringify(v)}`);
  }
  return Object.fromEntries(value) as Record<string, string>;
}

/** A JSON integer literal that is a valid index (as serde's usize: no sign, fraction or exponent). */
function isIndex(v: JsonValue): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function parseEntry(name: string, value: JsonValue, elementBytes: (code: string) => number | undefined, dtypes: string, fail: (m: string) => never): SafetensorsEntry {
  if (!(value instanceof Map)) fail(`tensor '${name}' must be described by an object`);
  const code = value.get('dtype');
  if (typeof code !== 'string') fail(`tensor '${name}' has no dtype string`);
  const bytes = elementBytes(code);
  if (bytes === undefined) fail(`tensor '${name}' has dtype '${code}'; supported: ${dtypes}`);
  const shape = value.get('shape');
  if (!Array.isArray(shape) || !shape.every(isIndex)) fail(`tensor '${name}' shape must be an array of non-negative integers, written without fraction or exponent`);
  const offsets = value.get('data_offsets');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    fail(`tensor '${name}' data_offsets must be [begin, end] with non-negative integers, written without fraction or exponent`);
  }
  const [begin, end] = offsets as number[];
  if (end < begin) fail(`tensor '${name}' data_offsets [${begin}, ${end}] end before they begin`);
  const size = (shape as number[]).reduce((n, d) => n * d, 1);
  const expected = size * bytes;
  if (!Number.isSafeInteger(expected) || end - begin !== expected) {
    fail(`tensor '${name}' ${code} [${(shape as number[]).join(',')}] needs ${expected} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, code, shape: shape as number[], size, begin, end };
}

/**
 * Check the layout of a safetensors buffer. `elementBytes` gives the bytes per element of each
 * dtype string the caller reads (undefined for others); `op` names the caller in errors.
 * @throws CheckpointError naming `op` and the first problem.
 */
export function readSafetensorsHeader(bytes: Uint8Array, op: string, elementBytes: (code: string) => number | undefined, dtypes: string): SafetensorsHeader {
  const fail = (message: string): never => {
    throw new CheckpointError(op, message);
  };
  const headerLength = readHeaderLength(bytes, fail);
  const header = parseHeaderJson(bytes, headerLength, fail);
  const dataStart = LENGTH_PREFIX_BYTES + headerLength;
  let metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of header) {
    if (name === METADATA_KEY) metadata = parseMetadata(value, fail);
    else entries.push(parseEntry(name, value, elementBytes, dtypes, fail));
  }
  checkDataCoverage(entries, bytes.length - dataStart, fail);
  return { entries, metadata, dataStart };
}
