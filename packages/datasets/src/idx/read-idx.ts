import { IdxFormatError } from '../errors.js';
import { gunzipWithStreams, isGzip, type Gunzip } from './gunzip.js';
import type { IdxArray } from './idx-types.js';
import { parseIdx, type IdxExpectation } from './parse-idx.js';

/** Options for {@link readIdx}. */
export interface ReadIdxOptions extends IdxExpectation {
  /** Gzip decoder; defaults to `DecompressionStream`. */
  readonly gunzip?: Gunzip;
}

/**
 * Decode an IDX file that may be gzip-compressed (detected by its magic bytes).
 * @throws IdxFormatError when decompression fails or the contents are malformed.
 */
export async function readIdx(bytes: Uint8Array, name: string, options: ReadIdxOptions = {}): Promise<IdxArray> {
  let raw = bytes;
  if (isGzip(bytes)) {
    const gunzip = options.gunzip ?? gunzipWithStreams;
    try {
      raw = await gunzip(bytes);
    } catch (err) {
      throw new IdxFormatError(name, `gzip decompression failed (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return parseIdx(raw, name, options);
}
