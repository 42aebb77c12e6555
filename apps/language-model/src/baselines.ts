/**
 * The n-gram baselines of a run: add-k models for n = 1…5 on the run's own split, with k chosen
 * per n on the validation part and reported on the test part.
 */
import type { TextSplit } from '@nabla/datasets';
import { bitsPerChar, perplexity } from './metrics.js';
import { NGramCounts } from './ngram.js';

/** Smoothing constants tried on the validation split. */
export const K_GRID: readonly number[] = [1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001];

/** One row of the baseline table. */
export interface BaselineRow {
  readonly n: number;
  readonly k: number;
  readonly validationNats: number;
  readonly testNats: number;
  readonly testPerplexity: number;
  readonly testBitsPerChar: number;
}

/** Fit and score the add-k n-gram models for n = 1…maxOrder. */
export function computeBaselines(tokens: TextSplit<Int32Array>, chars: TextSplit<number>, vocabSize: number, bosId: number, maxOrder = 5): BaselineRow[] {
  const rows: BaselineRow[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const model = new NGramCounts(n, vocabSize, bosId, tokens.train);
    const val = model.countsFor(tokens.validation);
    let best = { k: K_GRID[0], nats: Number.POSITIVE_INFINITY };
    for (const k of K_GRID) {
      const nats = model.meanNll(val, k);
      if (nats < best.nats) best = { k, nats };
    }
    const testNats = model.meanNll(model.countsFor(tokens.test), best.k);
    rows.push({
      n, k: best.k, validationNats: best.nats, testNats,
      testPerplexity: perplexity(testNats), testBitsPerChar: bitsPerChar(testNats, tokens.test.length, chars.test),
    });
  }
  return rows;
}

/** The best row (chosen on validation) among orders ≤ `maxOrder`. */
export function bestBaseline(rows: readonly BaselineRow[], maxOrder = Number.POSITIVE_INFINITY): BaselineRow {
  return rows.filter((r) => r.n <= maxOrder).reduce((a, b) => (b.validationNats < a.validationNats ? b : a));
}

/** The table as text lines. */
export function formatBaselines(rows: readonly BaselineRow[], level: 'char' | 'word'): string[] {
  const head = `   n        k   val ppl  test ppl${level === 'char' ? '  test bpc' : ''}`;
  return [head, ...rows.map((r) =>
    `${String(r.n).padStart(4)} ${String(r.k).padStart(8)} ${perplexity(r.validationNats).toFixed(2).padStart(9)} ${r.testPerplexity.toFixed(2).padStart(9)}` +
    (level === 'char' ? ` ${r.testBitsPerChar.toFixed(3).padStart(9)}` : ''))];
}
