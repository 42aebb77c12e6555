/**
 * Interpolated modified Kneser-Ney n-gram model (Chen & Goodman 1998, §3.5):
 *
 *   P_k(w | h) = max(c_k(h, w) − D_k(c_k(h, w)), 0) / c_k(h) + γ_k(h) · P_{k−1}(w | h')
 *   γ_k(h)    = (D_k1 · N1(h•) + D_k2 · N2(h•) + D_k3+ · N3+(h•)) / c_k(h)
 *
 * with h' the context without its oldest token, P_0 = 1/V, c_N raw counts for the highest order
 * and continuation counts (distinct left neighbours) below it, and three discounts per order from
 * its count-of-counts: Y = n1/(n1 + 2n2), D1 = 1 − 2Y·n2/n1, D2 = 2 − 3Y·n3/n2, D3+ = 3 − 4Y·n4/n3.
 * A context never seen at order k falls through to order k − 1. Streams are padded with `<bos>`
 * like the add-k model's, and every token is scored.
 */

/** The three discounts of one order. */
export interface Discounts {
  readonly d1: number;
  readonly d2: number;
  readonly d3: number;
}

interface ContextStats {
  total: number;
  n1: number;
  n2: number;
  n3: number;
}

/** Counts, continuation counts and discounts of every order 1…N from a training stream. */
export class KneserNey {
  /** counts[k − 1]: k-gram key → count (continuation counts for k < N). */
  private readonly counts: Map<string, number>[] = [];
  /** contexts[k − 1]: (k−1)-gram key → total and how many continuations have count 1, 2, 3+. */
  private readonly contexts: Map<string, ContextStats>[] = [];
  /** Discounts per order (index k − 1). */
  readonly discounts: Discounts[] = [];
  private readonly key: (ids: ArrayLike<number>, from: number, to: number) => string;

  /** Build from `train` synchronously (see `create` for a build that lets the event loop run). */
  constructor(readonly order: number, readonly vocabSize: number, readonly bosId: number, train: Int32Array, build = true) {
    if (!Number.isInteger(order) || order < 1) throw new RangeError(`KneserNey: order must be a positive integer, got ${order}`);
    this.key = vocabSize <= 0xffff ? charKey : joinKey;
    if (build) for (const _ of this.building(train));
  }

  /** Build from `train`, awaiting `pause()` every few thousand grams (so Ctrl-C handlers can run). */
  static async create(order: number, vocabSize: number, bosId: number, train: Int32Array, pause: () => Promise<void>): Promise<KneserNey> {
    const model = new KneserNey(order, vocabSize, bosId, train, false);
    for (const _ of model.building(train)) await pause();
    return model;
  }

  /** The counting, as a generator that yields every 8192 grams. */
  private *building(train: Int32Array): Generator<void> {
    const n = this.order;
    const padded = new Int32Array(n - 1 + train.length).fill(this.bosId, 0, n - 1);
    padded.set(train, n - 1);
    // highest order: raw counts of every window ending at a training token
    const top = new Map<string, number>();
    for (let i = n - 1; i < padded.length; i++) {
      const k = this.key(padded, i - n + 1, i + 1);
      top.set(k, (top.get(k) ?? 0) + 1);
      if ((i & 8191) === 0) yield;
    }
    this.counts[n - 1] = top;
    // lower orders: the number of distinct tokens seen just before each k-gram among the (k+1)-grams
    for (let k = n - 1; k >= 1; k--) {
      const lower = new Map<string, number>();
      let seen = 0;
      for (const longer of this.counts[k].keys()) {
        const suffix = this.key === charKey ? longer.slice(1) : longer.slice(longer.indexOf(',') + 1);
        lower.set(suffix, (lower.get(suffix) ?? 0) + 1);
        if ((++seen & 8191) === 0) yield;
      }
      this.counts[k - 1] = lower;
    }
    for (let k = 1; k <= n; k++) {
      const table = this.counts[k - 1];
      const ofCount = [0, 0, 0, 0, 0];
      const contexts = new Map<string, ContextStats>();
      let seen = 0;
      for (const [gram, c] of table) {
        if (c <= 4) ofCount[c]++;
        const ctx = this.contextOf(gram);
        let s = contexts.get(ctx);
        if (!s) contexts.set(ctx, (s = { total: 0, n1: 0, n2: 0, n3: 0 }));
        s.total += c;
        if (c === 1) s.n1++;
        else if (c === 2) s.n2++;
        else s.n3++;
        if ((++seen & 8191) === 0) yield;
      }
      this.contexts[k - 1] = contexts;
      this.discounts[k - 1] = modifiedDiscounts(ofCount);
    }
  }

  /** The key of a gram's context (the gram without its last token). */
  private contextOf(gram: string): string {
    if (this.key === charKey) return gram.slice(0, -1);
    const cut = gram.lastIndexOf(',', gram.length - 2);
    return cut < 0 ? '' : gram.slice(0, cut + 1);
  }

  /** P(w | the n − 1 tokens before it) for a window `ids[from .. from + n)` whose last id is w. */
  private probability(ids: ArrayLike<number>, from: number): number {
    const n = this.order;
    let p = 1 / this.vocabSize;
    for (let k = 1; k <= n; k++) {
      const start = from + n - k;
      const stats = this.contexts[k - 1].get(this.key(ids, start, from + n - 1));
      if (!stats) continue;
      const c = this.counts[k - 1].get(this.key(ids, start, from + n)) ?? 0;
      const d = this.discounts[k - 1];
      const discount = c === 0 ? 0 : c === 1 ? d.d1 : c === 2 ? d.d2 : d.d3;
      const gamma = (d.d1 * stats.n1 + d.d2 * stats.n2 + d.d3 * stats.n3) / stats.total;
      p = Math.max(c - discount, 0) / stats.total + gamma * p;
    }
    return p;
  }

  /** Mean negative log-likelihood (nats per token) of every token of `stream`. */
  meanNll(stream: Int32Array): number {
    const n = this.order;
    const padded = new Int32Array(n - 1 + stream.length).fill(this.bosId, 0, n - 1);
    padded.set(stream, n - 1);
    let total = 0;
    for (let i = 0; i < stream.length; i++) total -= Math.log(this.probability(padded, i));
    return total / stream.length;
  }

  /** P(w | context) for every vocabulary token w (its last n − 1 ids are used, `<bos>`-padded). */
  distribution(context: ArrayLike<number>): Float64Array {
    const n = this.order;
    const window = new Int32Array(n);
    for (let j = 0; j < n - 1; j++) {
      const at = context.length - (n - 1) + j;
      window[j] = at >= 0 ? context[at] : this.bosId;
    }
    const p = new Float64Array(this.vocabSize);
    for (let w = 0; w < this.vocabSize; w++) {
      window[n - 1] = w;
      p[w] = this.probability(window, 0);
    }
    return p;
  }
}

/** Chen & Goodman's discounts from the numbers of grams seen exactly 1…4 times (clamped to [0, j]). */
export function modifiedDiscounts([, n1, n2, n3, n4]: readonly number[]): Discounts {
  if (n1 === 0 || n2 === 0) return { d1: 0.5, d2: 1, d3: 1.5 };
  const y = n1 / (n1 + 2 * n2);
  const clamp = (v: number, hi: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(0, v)) : hi / 2);
  return { d1: clamp(1 - 2 * y * (n2 / n1), 1), d2: clamp(2 - 3 * y * (n3 / n2), 2), d3: n3 === 0 ? 1.5 : clamp(3 - 4 * y * (n4 / n3), 3) };
}

function charKey(ids: ArrayLike<number>, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(ids[i]);
  return s;
}

function joinKey(ids: ArrayLike<number>, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += `${ids[i]},`;
  return s;
}
