/**
 * The n-gram baselines of a run, on its own split and vocabulary: add-k models for n = 1…5 with k
 * chosen per n on the validation part, and interpolated modified Kneser-Ney models (n = 1…7 at
 * character level, 1…5 at word level); the order is chosen on validation, figures are on test.
 */
import type { TextSplit } from '@nabla/datasets';
import { bitsPerChar, perplexity } from './metrics.js';
import { KneserNey } from './kneser-ney.js';
import { NGramCounts } from './ngram.js';

/** Smoothing constants tried on the validation split. */
export const K_GRID: readonly number[] = [1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001];

/** One row of the baseline table. */
export interface BaselineRow {
  /** Add-k, or interpolated modified Kneser-Ney. */
  readonly method: 'add-k' | 'kneser-ney';
  readonly n: number;
  /** The add-k constant chosen on validation (null for Kneser-Ney). */
  readonly k: number | null;
  readonly validationNats: number;
  readonly testNats: number;
  readonly testPerplexity: number;
  readonly testBitsPerChar: number;
}

/** Resolves at once; or, given as `pause`, yields to the event loop every ~25 ms of counting. */
export type Pause = () => Promise<void>;

const noPause: Pause = () => Promise.resolve();

/** Fit and score the add-k n-gram models for n = 1…maxOrder. */
export async function computeBaselines(tokens: TextSplit<Int32Array>, chars: TextSplit<number>, vocabSize: number, bosId: number, maxOrder = 5, pause: Pause = noPause): Promise<BaselineRow[]> {
  const rows: BaselineRow[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const model = await NGramCounts.create(n, vocabSize, bosId, tokens.train, pause);
    const val = model.countsFor(tokens.validation);
    let best = { k: K_GRID[0], nats: Number.POSITIVE_INFINITY };
    for (const k of K_GRID) {
      const nats = model.meanNll(val, k);
      if (nats < best.nats) best = { k, nats };
    }
    const testNats = model.meanNll(model.countsFor(tokens.test), best.k);
    rows.push({
      method: 'add-k', n, k: best.k, validationNats: best.nats, testNats,
      testPerplexity: perplexity(testNats), testBitsPerChar: bitsPerChar(testNats, tokens.test.length, chars.test),
    });
  }
  return rows;
}

/** Fit and score interpolated modified Kneser-Ney models for n = 1…maxOrder. */
export async function kneserNeyBaselines(tokens: TextSplit<Int32Array>, chars: TextSplit<number>, vocabSize: number, bosId: number, maxOrder: number, pause: Pause = noPause): Promise<BaselineRow[]> {
  const rows: BaselineRow[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const model = await KneserNey.create(n, vocabSize, bosId, tokens.train, pause);
    const testNats = model.meanNll(tokens.test);
    rows.push({
      method: 'kneser-ney', n, k: null, validationNats: model.meanNll(tokens.validation), testNats,
      testPerplexity: perplexity(testNats), testBitsPerChar: bitsPerChar(testNats, tokens.test.length, chars.test),
    });
  }
  return rows;
}

/** The best row (chosen on validation) among orders ≤ `maxOrder`, of one method or of all. */
export function bestBaseline(rows: readonly BaselineRow[], maxOrder = Number.POSITIVE_INFINITY, method?: BaselineRow['method']): BaselineRow {
  return rows.filter((r) => r.n <= maxOrder && (method === undefined || (r.method ?? 'add-k') === method)).reduce((a, b) => (b.validationNats < a.validationNats ? b : a));
}

/** How a row is named in tables: 'add-k k=0.02' or 'Kneser-Ney'. */
export function baselineName(r: BaselineRow): string {
  return r.method === 'kneser-ney' ? 'Kneser-Ney' : `add-k k=${r.k}`;
}

/** The table as text lines. */
export function formatBaselines(rows: readonly BaselineRow[], level: 'char' | 'word'): string[] {
  const head = `   n  smoothing       val ppl  test ppl${level === 'char' ? '  test bpc' : ''}`;
  return [head, ...rows.map((r) =>
    `${String(r.n).padStart(4)}  ${baselineName(r).padEnd(14)} ${perplexity(r.validationNats).toFixed(2).padStart(8)} ${r.testPerplexity.toFixed(2).padStart(9)}` +
    (level === 'char' ? ` ${r.testBitsPerChar.toFixed(3).padStart(9)}` : ''))];
}
