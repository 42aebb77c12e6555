/** The add-k n-gram model against brute-force counting written out in the test. */
import { describe, expect, it } from 'vitest';
import { K_GRID, computeBaselines, kneserNeyBaselines } from '../src/baselines.js';
import { KneserNey } from '../src/kneser-ney.js';
import { NGramCounts } from '../src/ngram.js';

const BOS = 1;

/** P(w | c) by scanning the padded training stream for every occurrence of c and (c, w). */
function naiveProbability(train: number[], order: number, stream: number[], i: number, k: number, vocab: number): number {
  const pad = (s: number[]): number[] => [...Array<number>(order - 1).fill(BOS), ...s];
  const t = pad(train);
  const s = pad(stream);
  const ctx = s.slice(i, i + order - 1);
  const w = s[i + order - 1];
  let cCtx = 0;
  let cJoint = 0;
  for (let j = 0; j + order - 1 < t.length; j++) {
    if (t.slice(j, j + order - 1).every((x, q) => x === ctx[q])) {
      cCtx++;
      if (t[j + order - 1] === w) cJoint++;
    }
  }
  return (cJoint + k) / (cCtx + k * vocab);
}

describe('NGramCounts', () => {
  const train = [3, 4, 3, 4, 5, 3, 4, 4, 5, 3];
  const held = [3, 4, 5, 5, 3];
  const vocab = 6;

  it('matches brute-force add-k probabilities for n = 1…4', () => {
    for (const order of [1, 2, 3, 4]) {
      const model = new NGramCounts(order, vocab, BOS, Int32Array.from(train));
      for (const k of [1, 0.1]) {
        let expected = 0;
        for (let i = 0; i < held.length; i++) expected -= Math.log(naiveProbability(train, order, held, i, k, vocab));
        expect(model.meanNll(model.countsFor(Int32Array.from(held)), k)).toBeCloseTo(expected / held.length, 12);
      }
    }
  });

  it('gives a hand-computed bigram value', () => {
    // bigram (k = 1): contexts after <bos>-padding: <bos>→3, 3→4 ×3, 4→3, 4→5 ×2, 4→4, 5→3 ×2
    const model = new NGramCounts(2, vocab, BOS, Int32Array.from(train));
    const counts = model.countsFor(Int32Array.of(3, 4));
    expect(Array.from(counts)).toEqual([1, 1, 3, 3]); // count(<bos>,3)=1 of count(<bos>)=1; count(3,4)=3 of count(3)=3
    expect(model.meanNll(counts, 1)).toBeCloseTo(-(Math.log(2 / 7) + Math.log(4 / 9)) / 2, 12);
  });

  it('returns a normalised distribution for any context', () => {
    const model = new NGramCounts(3, vocab, BOS, Int32Array.from(train));
    for (const ctx of [[], [3], [3, 4], [5, 5]]) {
      const p = model.distribution(ctx, 0.5);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('rejects a non-positive k or order', () => {
    const model = new NGramCounts(2, vocab, BOS, Int32Array.from(train));
    expect(() => model.meanNll(new Float64Array(2), 0)).toThrow(/k must be > 0/);
    expect(() => new NGramCounts(0, vocab, BOS, Int32Array.from(train))).toThrow(/order/);
  });
});

describe('computeBaselines', () => {
  it('picks k on validation and reports test perplexity and bits per character', async () => {
    const tokens = { train: Int32Array.from([...Array.from({ length: 8 }, () => [3, 4, 5]).flat(), 3, 4, 4]), validation: Int32Array.from([3, 4, 5, 3]), test: Int32Array.from([3, 4, 5, 3, 4]) };
    const rows = await computeBaselines(tokens, { train: 27, validation: 4, test: 10 }, 6, BOS, 3);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    for (const r of rows) {
      const model = new NGramCounts(r.n, 6, BOS, tokens.train);
      const val = model.countsFor(tokens.validation);
      const best = Math.min(...K_GRID.map((k) => model.meanNll(val, k)));
      expect(r.validationNats).toBeCloseTo(best, 12);
      expect(r.testPerplexity).toBeCloseTo(Math.exp(model.meanNll(model.countsFor(tokens.test), r.k ?? Number.NaN)), 10);
      expect(r.testBitsPerChar).toBeCloseTo((Math.log(r.testPerplexity) * 5) / 10 / Math.LN2, 10);
    }
    // the corpus is nearly periodic: the trigram beats the unigram
    expect(rows[2].testPerplexity).toBeLessThan(rows[0].testPerplexity);
  });
});

describe('kneserNeyBaselines', () => {
  it('scores validation and test with the Kneser-Ney model of each order', async () => {
    const tokens = { train: Int32Array.from([...Array.from({ length: 8 }, () => [3, 4, 5]).flat(), 3, 4, 4]), validation: Int32Array.from([3, 4, 5, 3]), test: Int32Array.from([3, 4, 5, 3, 4]) };
    const rows = await kneserNeyBaselines(tokens, { train: 27, validation: 4, test: 10 }, 6, BOS, 4);
    expect(rows.map((r) => [r.method, r.n, r.k])).toEqual([1, 2, 3, 4].map((n) => ['kneser-ney', n, null]));
    for (const r of rows) {
      const model = new KneserNey(r.n, 6, BOS, tokens.train);
      expect(r.validationNats).toBeCloseTo(model.meanNll(tokens.validation), 12);
      expect(r.testNats).toBeCloseTo(model.meanNll(tokens.test), 12);
      expect(r.testBitsPerChar).toBeCloseTo((r.testNats * 5) / 10 / Math.LN2, 10);
    }
    expect(rows[2].testNats).toBeLessThan(rows[0].testNats);
  });
});
