import { createGunzip } from 'node:zlib';

/** Gunzip with Node's zlib, chunk by chunk (inflated only as the chunks are read; faster than web streams). */
export async function* gunzipWithZlib(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  gunzip.end(bytes);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  } finally {
    gunzip.destroy();
  }
}
