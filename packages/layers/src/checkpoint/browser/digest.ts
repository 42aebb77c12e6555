/** SHA-256 through Web Crypto (browsers, workers and Node ≥ 20), as lowercase hex. */
import { CheckpointError } from '../errors.js';

interface SubtleDigest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

/** The SHA-256 of `bytes` as 64 hex digits. */
export async function sha256Hex(bytes: Uint8Array, op: string): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleDigest } }).crypto?.subtle;
  if (!subtle) throw new CheckpointError(op, 'Web Crypto (crypto.subtle) is unavailable: pages need a secure context (https or localhost)');
  const hash = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}
