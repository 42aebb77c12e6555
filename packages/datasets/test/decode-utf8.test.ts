/** The UTF-8 validator that locates the bad byte agrees with the WHATWG decoder on what is well-formed. */
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8Byte } from '../src/text/decode-utf8.js';

describe('firstInvalidUtf8Byte', () => {
  it('locates the first invalid byte like the WHATWG decoder accepts or refuses', () => {
    const samples = [[0x61], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98, 0x80], [0xe0, 0x80, 0x80], [0xdf, 0xbf], [0x80], [0xf5, 0x80, 0x80, 0x80]];
    for (const s of samples) {
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(s));
      } catch {
        valid = false;
      }
      expect(firstInvalidUtf8Byte(Uint8Array.from(s)) === -1, JSON.stringify(s)).toBe(valid);
    }
  });
});
