/** loadCorpus and loadPlaygroundCsv read UTF-8 only: other encodings are a typed error, never U+FFFD or NULs. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataSourceError, TextEncodingError } from '../src/index.js';
import { loadCorpus, loadPlaygroundCsv } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-encoding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: number[]): string {
  const path = join(dir, name);
  writeFileSync(path, Uint8Array.from(bytes));
  return path;
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const utf16le = (s: string) => Array.from(s).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]);

describe('loadCorpus encodings', () => {
  it('reads UTF-8 with and without a byte-order mark', async () => {
    const text = 'café – naïve 😀\r\nok';
    const bytes = Array.from(new TextEncoder().encode(text));
    expect(await loadCorpus({ path: file('plain.txt', bytes) })).toBe('café – naïve 😀\nok');
    expect(await loadCorpus({ path: file('bom.txt', [0xef, 0xbb, 0xbf, ...bytes]) })).toBe('café – naïve 😀\nok');
  });

  it.each([
    ['Latin-1', [...ascii('caf'), 0xe9, ...ascii(' au lait')], /byte 3 \(0xe9\)/],
    ['UTF-16LE with a BOM', [0xff, 0xfe, ...utf16le('hello')], /byte 0 \(0xff\).*UTF-16 byte-order mark/],
    ['UTF-16BE with a BOM', [0xfe, 0xff, 0, 104, 0, 105], /byte 0 \(0xfe\)/],
    ['UTF-16LE without a BOM', utf16le('hello world'), /NUL character at character 1/],
    ['a truncated multi-byte character', [...ascii('ab'), 0xe2, 0x82], /byte 2 \(0xe2\)/],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80], /byte 0 \(0xed\)/],
    ['an overlong slash', [0xc0, 0xaf], /byte 0 \(0xc0\)/],
  ])('refuses %s with a TextEncodingError', async (_label, bytes, message) => {
    const path = file('bad.txt', bytes);
    const error = await loadCorpus({ path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TextEncodingError);
    expect(error).toBeInstanceOf(DataSourceError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(path);
  });

  it('refuses a Latin-1 CSV file the same way', async () => {
    await expect(loadPlaygroundCsv(file('bad.csv', [...ascii('1,2,1 # caf'), 0xe9]))).rejects.toThrow(TextEncodingError);
  });
});
