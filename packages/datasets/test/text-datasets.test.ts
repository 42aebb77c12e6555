import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CharTokenizer, DataSourceError, DatasetArgumentError, SequenceBatches, WindowDataset, WordTokenizer, splitSequence } from '../src/index.js';
import { loadCorpus, loadMobyDick } from '../src/node.js';

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('WindowDataset', () => {
  it('maps the previous n tokens to the next one', () => {
    const ds = new WindowDataset(Int32Array.of(10, 11, 12, 13, 14), 3);
    expect(ds.length).toBe(2);
    expect(Array.from(ds.get(0).input.data)).toEqual([10, 11, 12]);
    expect(ds.get(0).target).toBe(13);
    expect(ds.get(1).target).toBe(14);
    const batch = ds.gather(Int32Array.of(1, 0));
    expect(batch.input.shape).toEqual([2, 3]);
    expect(Array.from(batch.input.data)).toEqual([11, 12, 13, 10, 11, 12]);
    expect(Array.from(batch.target.data)).toEqual([14, 13]);
    expect(() => ds.get(2)).toThrow(/WindowDataset: index 2 out of range 0..1/);
    expect(new WindowDataset(Int32Array.of(1, 2), 5).length).toBe(0);
    expect(() => new WindowDataset(range(5), 0)).toThrow(DatasetArgumentError);
  });
});

describe('SequenceBatches', () => {
  it('cuts batch-major streams so each row continues across chunks', () => {
    // 26 tokens, 3 streams of 8 (2 dropped): rows 0..7, 8..15, 16..23; 7 steps, chunks of 3 → 3, 3, 1.
    const seq = new SequenceBatches(range(26), { batchSize: 3, seqLength: 3 });
    expect(seq.streamLength).toBe(8);
    expect(seq.length).toBe(3);
    const chunks = [...seq];
    expect(chunks[0].input.shape).toEqual([3, 3]);
    expect(Array.from(chunks[0].input.data)).toEqual([0, 1, 2, 8, 9, 10, 16, 17, 18]);
    expect(Array.from(chunks[0].target.data)).toEqual([1, 2, 3, 9, 10, 11, 17, 18, 19]);
    expect(Array.from(chunks[1].input.data)).toEqual([3, 4, 5, 11, 12, 13, 19, 20, 21]);
    expect(chunks[2].input.shape).toEqual([3, 1]);
    expect(Array.from(chunks[2].input.data)).toEqual([6, 14, 22]);
    expect(Array.from(chunks[2].target.data)).toEqual([7, 15, 23]);
    expect(new SequenceBatches(range(26), { batchSize: 3, seqLength: 3, dropLast: true }).length).toBe(2);
  });

  it('matches a naive reference for many sizes', () => {
    for (const [n, b, t] of [[100, 4, 7], [37, 1, 5], [64, 8, 1], [50, 5, 20]]) {
      const tokens = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
      const seq = new SequenceBatches(tokens, { batchSize: b, seqLength: t });
      const L = Math.floor(n / b);
      let step = 0;
      for (const chunk of seq) {
        const [rows, cols] = chunk.input.shape;
        expect(rows).toBe(b);
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            expect(chunk.input.data[r * cols + c]).toBe(tokens[r * L + step + c]);
            expect(chunk.target.data[r * cols + c]).toBe(tokens[r * L + step + c + 1]);
          }
        }
        step += cols;
      }
      expect(step).toBe(L - 1);
    }
  });

  it('rejects impossible settings', () => {
    expect(() => new SequenceBatches(range(5), { batchSize: 3, seqLength: 2 })).toThrow(/too few for 3 streams/);
    expect(() => new SequenceBatches(range(50), { batchSize: 0, seqLength: 2 })).toThrow(/batchSize must be a positive integer/);
    expect(() => new SequenceBatches(range(50), { batchSize: 2, seqLength: 2.5 })).toThrow(/seqLength must be a positive integer/);
    expect(() => new SequenceBatches(range(50), { batchSize: 2, seqLength: 5 }).chunk(5)).toThrow(/chunk 5 out of range 0..4/);
  });
});

describe('splitSequence', () => {
  it('cuts contiguous, deterministic parts of strings and token arrays', () => {
    const s = splitSequence('abcdefghij', { train: 0.8, validation: 0.1, test: 0.1 });
    expect(s).toEqual({ train: 'abcdefgh', validation: 'i', test: 'j' });
    const t = splitSequence(range(100));
    expect([t.train.length, t.validation.length, t.test.length]).toEqual([90, 5, 5]);
    expect(t.validation[0]).toBe(90);
    expect(splitSequence('ab🐳cd', { train: 0.5, validation: 0.5, test: 0 })).toEqual({ train: 'ab🐳', validation: 'cd', test: '' });
    expect(() => splitSequence('abc', { train: 0.5, validation: 0.2, test: 0.2 })).toThrow(/fractions must sum to 1/);
    expect(() => splitSequence('abc', { train: 1.2, validation: -0.1, test: -0.1 })).toThrow(/train fraction must be in \[0, 1\]/);
  });
});

describe('corpora', () => {
  it('loads Moby-Dick by default and tokenizes it', async () => {
    const text = await loadCorpus();
    expect(text.startsWith('CHAPTER 1. Loomings.\n\nCall me Ishmael.')).toBe(true);
    expect(text).toBe(await loadMobyDick());
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text.includes('\r')).toBe(false);
    const chars = CharTokenizer.fromCorpus(text);
    const ids = chars.encode(text);
    expect(chars.decode(ids)).toBe(text);
    const words = WordTokenizer.fromCorpus(text, { minFrequency: 2, maxSize: 5000 });
    expect(words.vocabSize).toBe(5000);
    expect(words.tokens.slice(3, 6)).toEqual([',', 'the', '.']);
    expect(Array.from(words.encode('call me ishmael')).every((id) => id > 2)).toBe(true);
    // minFrequency 5 keeps exactly the words a naive count sees at least 5 times.
    const counts = new Map<string, number>();
    for (const w of words.tokenize(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const frequent = [...counts.values()].filter((c) => c >= 5).length;
    expect(WordTokenizer.fromCorpus(text, { minFrequency: 5 }).vocabSize).toBe(frequent + 3);
  }, 60_000);

  it('loads files and strings, normalising newlines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-corpus-'));
    writeFileSync(join(dir, 'c.txt'), 'a\r\nb\rc');
    expect(await loadCorpus({ path: join(dir, 'c.txt') })).toBe('a\nb\nc');
    expect(await loadCorpus({ text: 'x\r\ny' })).toBe('x\ny');
    await expect(loadCorpus({ path: join(dir, 'missing.txt') })).rejects.toThrow(DataSourceError);
    await expect(loadCorpus({ text: '' })).rejects.toThrow(/corpus <string> is empty/);
  });
});
