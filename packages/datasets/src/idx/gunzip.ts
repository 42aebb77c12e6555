/**
 * Decompresses gzip bytes as a stream of chunks. The reader pulls chunks only as it needs them
 * and stops early (ending the iteration), so a decompressor must inflate lazily: that is what
 * bounds the memory and time a decompression bomb can cost. Node passes zlib, browsers use
 * `DecompressionStream`.
 */
export type Gunzip = (bytes: Uint8Array) => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzip with the web-standard `DecompressionStream` (browsers, Deno, Node ≥ 18), chunk by chunk. */
export async function* gunzipWithStreams(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // stopping early cancels the stream, so nothing more is inflated
    if (!done) await reader.cancel().catch(() => undefined);
  }
}
