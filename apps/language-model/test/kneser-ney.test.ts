/** The Kneser-Ney model against a brute-force implementation written out here from the formulas. */
import { describe, expect, it } from 'vitest';
import { KneserNey, modifiedDiscounts } from '../src/kneser-ney.js';

const BOS = 0;

/** Every n-gram of the `<bos>`-padded stream (as arrays) ending at a real token. */
function grams(train: number[], n: number): number[][] {
  const padded = [...Array<number>(n - 1).fill(BOS), ...train];
  return train.map((_, i) => padded.slice(i, i + n));
}

/** Brute force: counts by scanning lists, continuation counts by collecting distinct left neighbours. */
function bruteProbability(train: number[], order: number, vocab: number, history: number[], w: number): number {
  const top = grams(train, order);
  const table = (k: number): Map<string, number> => {
    const m = new Map<string, number>();
    if (k === order) {
      for (const g of top) m.set(g.join(' '), (m.get(g.join(' ')) ?? 0) + 1);
      return m;
    }
    const longer = [...table(k + 1).keys()].map((s) => s.split(' ').map(Number));
    const left = new Map<string, Set<number>>();
    for (const g of longer) {
      const key = g.slice(1).join(' ');
      if (!left.has(key)) left.set(key, new Set());
      left.get(key)?.add(g[0]);
    }
    for (const [key, set] of left) m.set(key, set.size);
    return m;
  };
  let p = 1 / vocab;
  for (let k = 1; k <= order; k++) {
    const t = table(k);
    const h = history.slice(history.length - (k - 1));
    const hk = k === 1 ? [] : h;
    const entries = [...t].map(([s, c]) => [s.split(' ').map(Number), c] as const).filter(([g]) => g.slice(0, k - 1).every((x, j) => x === hk[j]));
    if (entries.length === 0) continue;
    const ofCount = [0, 0, 0, 0, 0];
    for (const c of t.values()) if (c <= 4) ofCount[c]++;
    const y = ofCount[1] / (ofCount[1] + 2 * ofCount[2]);
    // the documented fallbacks: no singletons or doubletons → 0.5, 1, 1.5; each discount clamped to [0, j]
    const clamp = (v: number, hi: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(0, v)) : hi / 2);
    const d = ofCount[1] === 0 || ofCount[2] === 0 ? [0, 0.5, 1, 1.5]
      : [0, clamp(1 - 2 * y * ofCount[2] / ofCount[1], 1), clamp(2 - 3 * y * ofCount[3] / ofCount[2], 2), ofCount[3] === 0 ? 1.5 : clamp(3 - 4 * y * ofCount[4] / ofCount[3], 3)];
    const total = entries.reduce((a, [, c]) => a + c, 0);
    const c = entries.find(([g]) => g[k - 1] === w)?.[1] ?? 0;
    const disc = (x: number): number => (x === 0 ? 0 : d[Math.min(x, 3)]);
    const gamma = entries.reduce((a, [, x]) => a + disc(x), 0) / total;
    p = Math.max(c - disc(c), 0) / total + gamma * p;
  }
  return p;
}

describe('KneserNey', () => {
  // a stream long enough that every order has grams seen 1, 2, 3 and 4 times
  const train = Array.from({ length: 400 }, (_, i) => 1 + ((i * i + 3 * i) % 7) % 5 + (i % 11 === 0 ? 1 : 0));
  const vocab = 8;

  it('matches the brute-force formulas, and every distribution sums to 1', () => {
    for (const order of [1, 2, 3, 4]) {
      const model = new KneserNey(order, vocab, BOS, Int32Array.from(train));
      for (const history of [[], [3], [2, 3], [1, 5, 2], [7, 7, 7], [3, 4, 5]]) {
        const p = model.distribution(history);
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        const padded = [...Array<number>(Math.max(0, order - 1 - history.length)).fill(BOS), ...history].slice(-(order - 1) || history.length);
        for (let w = 0; w < vocab; w++) expect(p[w], `order ${order}, history ${history}, w ${w}`).toBeCloseTo(bruteProbability(train, order, vocab, order === 1 ? [] : padded, w), 12);
      }
    }
  });

  it('meanNll is the mean of −log P over the stream, the first token predicted from <bos>', () => {
    const model = new KneserNey(3, vocab, BOS, Int32Array.from(train));
    const held = [3, 4, 5, 6, 1, 2];
    const padded = [BOS, BOS, ...held];
    const expected = held.reduce((a, w, i) => a - Math.log(bruteProbability(train, 3, vocab, padded.slice(i, i + 2), w)), 0) / held.length;
    expect(model.meanNll(Int32Array.from(held))).toBeCloseTo(expected, 12);
  });

  it('uses Chen & Goodman discounts', () => {
    // n1 = 10, n2 = 5, n3 = 3, n4 = 2: Y = 0.5; D1 = 0.5, D2 = 2 − 1.5·0.6 = 1.1, D3+ = 3 − 2·(2/3)
    const d = modifiedDiscounts([0, 10, 5, 3, 2]);
    expect(d.d1).toBeCloseTo(0.5, 12);
    expect(d.d2).toBeCloseTo(1.1, 12);
    expect(d.d3).toBeCloseTo(3 - 4 / 3, 12);
  });
});
