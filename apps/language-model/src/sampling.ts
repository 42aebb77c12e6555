/**
 * Next-token distributions from a trained model, top-k listing and seeded sampling with
 * temperature and top-k truncation.
 */
import { noGrad } from '@nabla/autograd';
import { softmax, tensor, tidy, type Rng } from '@nabla/tensor-core';
import type { LanguageModel } from './models/build-model.js';
import { RecurrentLM, type RecurrentState } from './models/recurrent-lm.js';
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

/** The k most probable token ids with their probabilities, most probable first (ties: lower id). */
export function topK(p: ArrayLike<number>, k: number): { id: number; p: number }[] {
  const ids = Array.from({ length: p.length }, (_, i) => i);
  ids.sort((a, b) => p[b] - p[a] || a - b);
  return ids.slice(0, Math.min(k, p.length)).map((id) => ({ id, p: p[id] }));
}

/**
 * Draw one id from p^(1/temperature), renormalised over the `topK` most probable ids (all when
 * topK is null), never one of `banned` (e.g. `<bos>`).
 */
export function sampleToken(p: ArrayLike<number>, temperature: number, topKCount: number | null, rng: Rng, banned: readonly number[] = []): number {
  if (!(temperature > 0)) throw new RangeError(`sampleToken: temperature must be > 0, got ${temperature}`);
  const candidates = topK(p, topKCount ?? p.length).filter((c) => !banned.includes(c.id) && c.p > 0);
  if (candidates.length === 0) throw new RangeError('sampleToken: no token has positive probability');
  const logs = candidates.map((c) => Math.log(c.p) / temperature);
  const top = Math.max(...logs);
  const weights = logs.map((l) => Math.exp(l - top));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.uniform() * total;
  for (let i = 0; i < candidates.length; i++) {
    u -= weights[i];
    if (u < 0) return candidates[i].id;
  }
  return candidates[candidates.length - 1].id;
}
