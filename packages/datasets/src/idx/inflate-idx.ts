import { IdxFormatError } from '../errors.js';
import type { Gunzip } from './gunzip.js';
import { idxHeaderLength, readIdxHeader, type IdxExpectation } from './idx-header.js';

/** Largest IDX file `readIdx` inflates unless told otherwise: 2 GiB. */
export const DEFAULT_MAX_IDX_BYTES = 2 ** 31;

/** DEFLATE's best case: a 258-byte match coded in 2 bits, so one compressed byte inflates to at most 1032. */
const MAX_DEFLATE_RATIO = 1032;

/** How the inflated size is bounded. */
export interface InflateLimits extends IdxExpectation {
  /** Refuse files whose header declares more bytes than this. */
  readonly maxBytes: number;
}

/**
 * Inflate a gzip'd IDX file without trusting it: the header is inflated and checked first
 * (magic, type, dimensions, expectations, declared size against `maxBytes` and against what a
 * gzip stream of this size can hold), then exactly the declared number of bytes is inflated into
 * one buffer; a stream that would give more stops at the first extra byte.
 * @throws IdxFormatError naming `name` and the problem.
 */
export async function inflateIdx(gz: Uint8Array, name: string, gunzip: Gunzip, limits: InflateLimits): Promise<Uint8Array> {
  let head = new Uint8Array(0);
  let out: Uint8Array | undefined;
  let filled = 0;
  let total = 0;
  try {
    for await (const chunk of gunzip(gz)) {
      let rest = chunk;
      if (out === undefined) {
        // gather the header (at most 1,024 bytes) before deciding how much to inflate
        const grown = new Uint8Array(head.length + chunk.length);
        grown.set(head);
        grown.set(chunk, head.length);
        head = grown;
        if (head.length < 4 || head.length < idxHeaderLength(head)) continue;
        total = declaredSize(head, name, gz.length, limits);
        out = new Uint8Array(total);
        rest = head;
      }
      if (filled + rest.length > total) {
        throw new IdxFormatError(name, `inflates to more than the ${total} bytes its header declares (trailing data or a decompression bomb); stopped after ${total} bytes`);
      }
      out.set(rest, filled);
      filled += rest.length;
    }
  } catch (err) {
    if (err instanceof IdxFormatError) throw err;
    throw new IdxFormatError(name, `gzip decompression failed (${err instanceof Error ? err.message : String(err)})`);
  }
  // a short file: parseIdx names what is missing (header or data)
  return out === undefined ? head : out.subarray(0, filled);
}

function declaredSize(head: Uint8Array, name: string, gzBytes: number, limits: InflateLimits): number {
  const { dtype, shape, totalBytes } = readIdxHeader(head, name, limits);
  const what = `shape [${shape.join(', ')}] of ${dtype}`;
  if (totalBytes > limits.maxBytes) {
    throw new IdxFormatError(name, `${what} declares ${totalBytes} bytes, more than the ${limits.maxBytes}-byte limit (raise maxBytes to read it)`);
  }
  if (totalBytes > MAX_DEFLATE_RATIO * gzBytes) {
    throw new IdxFormatError(name, `truncated: ${what} needs ${totalBytes} bytes, more than a ${gzBytes}-byte gzip file can hold`);
  }
  return totalBytes;
}
