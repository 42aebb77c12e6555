import { DatasetArgumentError } from '../errors.js';
import { gunzipWithStreams, isGzip, type Gunzip } from './gunzip.js';
import type { IdxArray } from './idx-types.js';
import { DEFAULT_MAX_IDX_BYTES, inflateIdx } from './inflate-idx.js';
import { parseIdx, type IdxExpectation } from './parse-idx.js';

/** Options for {@link readIdx}. */
export interface ReadIdxOptions extends IdxExpectation {
  /** Gzip decoder, pulled chunk by chunk; defaults to `DecompressionStream`. */
  readonly gunzip?: Gunzip;
  /** Largest decompressed file accepted, in bytes; default 2 GiB. */
  readonly maxBytes?: number;
}

/**
 * Decode an IDX file that may be gzip-compressed (detected by its magic bytes). A gzip'd file's
 * header is checked before the rest is inflated, and inflation stops at the size the header
 * declares, so decompression bombs cost neither memory nor time.
 * @throws IdxFormatError when decompression fails, the file declares more than `maxBytes`, or the contents are malformed.
 */
export async function readIdx(bytes: Uint8Array, name: string, options: ReadIdxOptions = {}): Promise<IdxArray> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IDX_BYTES;
  if (!(maxBytes >= 0) || !Number.isSafeInteger(maxBytes)) {
    throw new DatasetArgumentError('readIdx', `maxBytes must be a non-negative integer, got ${String(maxBytes)}`);
  }
  const raw = isGzip(bytes) ? await inflateIdx(bytes, name, options.gunzip ?? gunzipWithStreams, { ...options, maxBytes }) : bytes;
  return parseIdx(raw, name, options);
}
