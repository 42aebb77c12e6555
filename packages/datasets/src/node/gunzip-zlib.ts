import { gunzipSync } from 'node:zlib';

/** Gunzip with Node's zlib (synchronous, faster than web streams). */
export function gunzipWithZlib(bytes: Uint8Array): Uint8Array {
  const out = gunzipSync(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
