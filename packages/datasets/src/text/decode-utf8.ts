/** Decode bytes as UTF-8 text, refusing anything else instead of substituting U+FFFD. */
import { TextEncodingError } from '../errors.js';

/** Offset where the first ill-formed UTF-8 sequence (RFC 3629) starts, or -1 when all of `bytes` is well-formed. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // lead byte → sequence length and the allowed range of the second byte (no overlongs, surrogates or > U+10FFFF)
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (k === 1 ? c < low || c > high : c < 0x80 || c > 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

/**
 * The text of UTF-8 `bytes` (a leading byte-order mark is dropped). Invalid UTF-8 (Latin-1 or
 * UTF-16 files) and NUL characters (UTF-16 text without a BOM, binary files) throw a
 * TextEncodingError naming `op`, `name` and the offending byte.
 */
export function decodeUtf8Text(bytes: Uint8Array, op: string, name: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8Byte(bytes);
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    const where = bad >= 0 ? `byte ${bad} (0x${bytes[bad].toString(16).padStart(2, '0')}) does not start a valid UTF-8 character` : 'it is not well-formed';
    throw new TextEncodingError(op, `'${name}' is not UTF-8 text: ${where}${utf16 ? ' (the file starts with a UTF-16 byte-order mark)' : ''}; convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8)`);
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new TextEncodingError(op, `'${name}' holds a NUL character at character ${nul}: UTF-16 or binary data, not UTF-8 text`);
  return text;
}
