/**
 * Count-based n-gram language model with add-k smoothing:
 *   P(w | c) = (count(c, w) + k) / (count(c) + k·V)
 * where c is the previous n − 1 tokens (padded with `<bos>` before the start of a stream) and V
 * the vocabulary size. Every token of a stream is scored, like the neural models' evaluation.
 */

/** Counts of contexts and (context, next token) pairs from a training stream. */
export class NGramCounts {
  private readonly contexts = new Map<string, number>();
  private readonly joint = new Map<string, number>();
  private readonly key: (ids: ArrayLike<number>, from: number, to: number) => string;

  /** Count `train` synchronously (see `create` for counting that lets the event loop run). */
  constructor(readonly order: number, readonly vocabSize: number, readonly bosId: number, train: Int32Array, build = true) {
    if (!Number.isInteger(order) || order < 1) throw new RangeError(`NGramCounts: order must be a positive integer, got ${order}`);
    this.key = vocabSize <= 0xffff ? charKey : joinKey;
    if (build) for (const _ of this.counting(train));
  }

  /** Count `train`, awaiting `pause()` every few thousand tokens (so Ctrl-C handlers can run). */
  static async create(order: number, vocabSize: number, bosId: number, train: Int32Array, pause: () => Promise<void>): Promise<NGramCounts> {
    const model = new NGramCounts(order, vocabSize, bosId, train, false);
    for (const _ of model.counting(train)) await pause();
    return model;
  }

  /** The counting, as a generator that yields every 8192 tokens. */
  private *counting(train: Int32Array): Generator<void> {
    const window = new Int32Array(this.order);
    for (let i = 0; i < train.length; i++) {
      fillWindow(window, train, i, this.bosId);
      const ctx = this.key(window, 0, this.order - 1);
      const all = this.key(window, 0, this.order);
      this.contexts.set(ctx, (this.contexts.get(ctx) ?? 0) + 1);
      this.joint.set(all, (this.joint.get(all) ?? 0) + 1);
      if ((i & 8191) === 8191) yield;
    }
  }

  /** For each position of `stream`: [count(c, w), count(c)] interleaved (length 2·L). */
  countsFor(stream: Int32Array): Float64Array {
    const out = new Float64Array(2 * stream.length);
    const window = new Int32Array(this.order);
    for (let i = 0; i < stream.length; i++) {
      fillWindow(window, stream, i, this.bosId);
      out[2 * i] = this.joint.get(this.key(window, 0, this.order)) ?? 0;
      out[2 * i + 1] = this.contexts.get(this.key(window, 0, this.order - 1)) ?? 0;
    }
    return out;
  }

  /** Mean negative log-likelihood (nats per token) of counts from `countsFor` under add-k smoothing. */
  meanNll(counts: Float64Array, k: number): number {
    if (!(k > 0)) throw new RangeError(`NGramCounts.meanNll: k must be > 0, got ${k}`);
    let total = 0;
    const n = counts.length / 2;
    for (let i = 0; i < n; i++) total -= Math.log((counts[2 * i] + k) / (counts[2 * i + 1] + k * this.vocabSize));
    return total / n;
  }

  /** Add-k probability of every vocabulary token after `context` (its last n − 1 ids are used). */
  distribution(context: ArrayLike<number>, k: number): Float64Array {
    const window = new Int32Array(this.order);
    const padded = Int32Array.from({ length: this.order - 1 }, (_, j) => {
      const at = context.length - (this.order - 1) + j;
      return at >= 0 ? context[at] : this.bosId;
    });
    window.set(padded, 0);
    const c = this.contexts.get(this.key(window, 0, this.order - 1)) ?? 0;
    const p = new Float64Array(this.vocabSize);
    for (let w = 0; w < this.vocabSize; w++) {
      window[this.order - 1] = w;
      p[w] = ((this.joint.get(this.key(window, 0, this.order)) ?? 0) + k) / (c + k * this.vocabSize);
    }
    return p;
  }
}

/** tokens[i − n + 1 .. i] into `window`, `<bos>` before the start. */
function fillWindow(window: Int32Array, tokens: Int32Array, i: number, bosId: number): void {
  const n = window.length;
  for (let j = 0; j < n; j++) {
    const at = i - n + 1 + j;
    window[j] = at >= 0 ? tokens[at] : bosId;
  }
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
