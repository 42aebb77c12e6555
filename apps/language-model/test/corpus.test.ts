/** Corpus checks, the deterministic split and the vocabulary built from the training part. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCorpusBytes, prepareCorpus } from '../src/corpus.js';
import { UserError } from '@nabla/cli-kit';

const dir = mkdtempSync(join(tmpdir(), 'nabla-lm-corpus-'));
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('checkCorpusBytes', () => {
  it('accepts UTF-8 text and rejects empty, whitespace-only, NUL-containing and non-UTF-8 input', () => {
    expect(checkCorpusBytes(bytes('Call me Ishmael. Æ ✓'), 'a.txt')).toBe('Call me Ishmael. Æ ✓');
    expect(() => checkCorpusBytes(new Uint8Array(0), 'a.txt')).toThrow(/'a.txt' is empty/);
    expect(() => checkCorpusBytes(bytes(' \n\t '), 'a.txt')).toThrow(/only whitespace/);
    expect(() => checkCorpusBytes(Uint8Array.of(65, 0, 66), 'a.bin')).toThrow(/binary file .*NUL/);
    expect(() => checkCorpusBytes(Uint8Array.of(0xff, 0xfe, 0x41), 'a.bin')).toThrow(/not valid UTF-8/);
    expect(() => checkCorpusBytes(new Uint8Array(0), 'a.txt')).toThrow(UserError);
  });
});

describe('prepareCorpus', () => {
  it('splits 90/5/5 in order and maps characters unseen in training to <unk>', async () => {
    const text = `${'ab'.repeat(45)}${'abcab'}${'zzabq'}`; // 100 chars: train 90, validation 5, test 5
    const path = join(dir, 'tiny.txt');
    writeFileSync(path, text);
    const corpus = await prepareCorpus({ level: 'char', path, limitChars: null, minFrequency: 1 });
    expect(corpus.tokenizer.tokens.slice(3)).toEqual(['a', 'b']);
    expect(corpus.tokens.train).toHaveLength(90);
    expect(corpus.chars).toEqual({ train: 90, validation: 5, test: 5 });
    const a = corpus.tokenizer.idOf('a');
    const b = corpus.tokenizer.idOf('b');
    expect(Array.from(corpus.tokens.validation)).toEqual([a, b, 0, a, b]);
    expect(Array.from(corpus.tokens.test)).toEqual([0, 0, a, b, 0]);
    // the same call gives the same streams
    const again = await prepareCorpus({ level: 'char', path, limitChars: null, minFrequency: 1 });
    expect(Array.from(again.tokens.test)).toEqual(Array.from(corpus.tokens.test));
  });

  it('cuts to --limit-chars and builds word vocabularies with a frequency floor', async () => {
    const path = join(dir, 'words.txt');
    writeFileSync(path, `${'the whale swam . '.repeat(30)}rare words here`);
    const corpus = await prepareCorpus({ level: 'word', path, limitChars: 170, minFrequency: 3 });
    expect(corpus.chars.train + corpus.chars.validation + corpus.chars.test).toBe(170);
    expect(corpus.tokenizer.tokens.slice(3).sort()).toEqual(['.', 'swam', 'the', 'whale']);
  });

  it('refuses a corpus too short to split', async () => {
    const path = join(dir, 'short.txt');
    writeFileSync(path, 'hello');
    await expect(prepareCorpus({ level: 'char', path, limitChars: null, minFrequency: 1 })).rejects.toThrow(/too short/);
  });

  it('reads Moby-Dick by default', async () => {
    const corpus = await prepareCorpus({ level: 'char', path: null, limitChars: 2000, minFrequency: 1 });
    expect(corpus.chars.train).toBe(1800);
    expect(corpus.tokenizer.decode(corpus.tokens.train)).toMatch(/^CHAPTER 1. Loomings.\n\nCall me Ishmael/);
  });
});
