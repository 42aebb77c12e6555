/**
 * Next-token distributions from a trained model, top-k listing and seeded sampling with
 * temperature and top-k truncation.
 */
import { noGrad } from '@nabla/autograd';
import { softmax, tensor, tidy, type Rng } from '@nabla/tensor-core';
import type { LanguageModel } from './models/build-model.js';
import { RecurrentLM, type RecurrentState } from './models/recurrent-lm.js';
import { GptLM } from './models/gpt-lm.js';
import { disposeState } from './evaluate.js';

/** Feeds tokens one call at a time and answers the distribution of the next token. */
export interface NextTokenModel {
  /** Consume `ids` (≥ 1) and return P(next | everything consumed so far). */
  feed(ids: Int32Array): Promise<Float32Array>;
  /** Free any held state. */
  dispose(): void;
}

/**
 * A stateful reader over `model`: the recurrent state, or the last n tokens for the window model
 * (left-padded with `<bos>` when fewer than n have been read). Reading starts from `<bos>`.
 */
export function nextTokenModel(model: LanguageModel, bosId: number): NextTokenModel {
  model.eval();
  if (model instanceof GptLM) return gptReader(model, bosId, { cache: true });
  if (model instanceof RecurrentLM) {
    let state: RecurrentState | undefined;
    return {
      async feed(ids) {
        const previous = state;
        const r = noGrad(() => tidy(() => {
          const out = model.forward(tensor(ids, [1, ids.length], 'int32'), previous);
          const last = out.logits.slice([ids.length - 1, 0], [1, model.vocabSize]);
          return { p: softmax(last, 1), h: out.state.h, c: out.state.c };
        }));
        if (previous) disposeState(previous);
        state = { h: r.h, c: r.c };
        const p = (await r.p.data()) as Float32Array;
        r.p.dispose();
        return p;
      },
      dispose() {
        if (state) disposeState(state);
        state = undefined;
      },
    };
  }
  const context: number[] = Array.from({ length: model.window }, () => bosId);
  return {
    async feed(ids) {
      for (const id of ids) context.push(id);
      const window = Int32Array.from(context.slice(-model.window));
      const p = noGrad(() => tidy(() => softmax(model.forward(tensor(window, [1, model.window], 'int32')), 1)));
      const values = (await p.data()) as Float32Array;
      p.dispose();
      return values;
    },
    dispose() { /* nothing held */ },
  };
}

/** How a GPT reader computes each distribution. */
export interface GptReaderOptions {
  /**
   * Incremental decoding: keep each block's keys and values (KV caches) and run only the new
   * tokens (default). Without it every call re-runs the whole context window (the reference).
   */
  readonly cache: boolean;
}

/**
 * The GPT's context window after reading `window` then `incoming` tokens: all of them while they
 * fit the block size; otherwise restart from the last max(incoming, ⌈blockSize / 2⌉) tokens (at most
 * blockSize), so a cached reader refills its caches once per half block instead of every token.
 * Returns the new window and whether it restarted.
 */
export function slideWindow(window: readonly number[], incoming: ArrayLike<number>, blockSize: number): { window: number[]; restarted: boolean } {
  const all = [...window, ...Array.from(incoming)];
  if (all.length <= blockSize) return { window: all, restarted: false };
  const keep = Math.min(blockSize, Math.max(incoming.length, Math.ceil(blockSize / 2)));
  return { window: all.slice(all.length - keep), restarted: true };
}

/**
 * A reader over a GPT starting from `<bos>`: the next-token distribution given the context window
 * (see {@link slideWindow}). With the cache, each call runs only the new tokens through the
 * blocks (all of the window after a restart); without it, the whole window every call.
 */
export function gptReader(model: GptLM, bosId: number, options: GptReaderOptions): NextTokenModel {
  model.eval();
  let window: number[] = [bosId];
  let caches = options.cache ? model.newCaches() : null;
  let fresh = true; // nothing cached yet: the first call runs the whole window
  const reset = (): void => { for (const c of caches ?? []) c.reset(); };
  return {
    async feed(ids) {
      const next = slideWindow(window, ids, model.blockSize);
      window = next.window;
      let run: number[];
      if (!caches) {
        run = window;
      } else if (fresh || next.restarted) {
        reset();
        run = window;
      } else {
        run = Array.from(ids);
      }
      fresh = false;
      const p = noGrad(() => tidy(() => {
        const logits = model.forward(tensor(Int32Array.from(run), [1, run.length], 'int32'), { caches });
        return softmax(logits.slice([run.length - 1, 0], [1, model.vocabSize]), 1);
      }));
      const values = (await p.data()) as Float32Array;
      p.dispose();
      return values;
    },
    dispose() {
      reset();
      caches = null;
    },
  };
}

/** The k most probable token ids with their probabilities, most probable first (ties: lower id). */
export function topK(p: ArrayLike<number>, k: number): { id: number; p: number }[] {
  const ids = Array.from({ length: p.length }, (_, i) => i);
  ids.sort((a, b) => p[b] - p[a] || a - b);
  return ids.slice(0, Math.min(k, p.length)).map((id) => ({ id, p: p[id] }));
}

/** How `sampleToken` reshapes the distribution before drawing. */
export interface SamplingOptions {
  /** p^(1/temperature) (default 1; > 0). */
  readonly temperature?: number;
  /** Keep only the k most probable ids (default: all). */
  readonly topK?: number | null;
  /**
   * Nucleus sampling: keep the most probable ids (after temperature and top-k) until their
   * probabilities sum to at least topP, in (0, 1] (default 1: all).
   */
  readonly topP?: number | null;
  /** Ids never drawn (e.g. `<bos>`). */
  readonly banned?: readonly number[];
}

/**
 * Draw one id from p^(1/temperature), renormalised over the `topK` most probable ids, then over
 * the smallest most-probable set whose mass reaches `topP`; never one of `banned`.
 */
export function sampleToken(p: ArrayLike<number>, rng: Rng, options: SamplingOptions = {}): number {
  const temperature = options.temperature ?? 1;
  const topP = options.topP ?? 1;
  const banned = options.banned ?? [];
  if (!(temperature > 0)) throw new RangeError(`sampleToken: temperature must be > 0, got ${temperature}`);
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`sampleToken: topP must be in (0, 1], got ${topP}`);
  const candidates = topK(p, options.topK ?? p.length).filter((c) => !banned.includes(c.id) && c.p > 0);
  if (candidates.length === 0) throw new RangeError('sampleToken: no token has positive probability');
  const logs = candidates.map((c) => Math.log(c.p) / temperature);
  const top = Math.max(...logs);
  let weights = logs.map((l) => Math.exp(l - top));
  let total = weights.reduce((a, b) => a + b, 0);
  if (topP < 1) {
    // candidates are sorted most probable first; keep the shortest prefix with mass >= topP
    let mass = 0;
    let keep = 0;
    while (keep < weights.length && mass < topP * total) mass += weights[keep++];
    weights = weights.slice(0, Math.max(1, keep));
    total = weights.reduce((a, b) => a + b, 0);
  }
  let u = rng.uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return candidates[i].id;
  }
  return candidates[weights.length - 1].id;
}
