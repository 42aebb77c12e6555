/**
 * The GPT model: shapes and weight tying, causality, the typed errors, incremental decoding with
 * KV caches against re-running the whole context (same tokens, greedy and sampled), the strided
 * held-out scoring, the random-block batches and the warmup + cosine schedule.
 */
import '@nabla/backend-js';
import { noGrad } from '@nabla/autograd';
import { ArgumentError, Rng, ShapeError, setBackend, tensor, type Tensor } from '@nabla/tensor-core';
import { crossEntropy } from '@nabla/optim';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanNll, gptWindows } from '../src/evaluate.js';
import { blockBatch } from '../src/gpt-batches.js';
import { GptLM } from '../src/models/gpt-lm.js';
import { gptReader, sampleToken, slideWindow } from '../src/sampling.js';
import { gptSchedule } from '../src/train.js';

beforeAll(async () => {
  await setBackend('js');
});

const shape = { vocabSize: 11, layers: 2, heads: 2, embedding: 8, blockSize: 12, dropout: 0 };
const model = (seed = 3, over: Partial<typeof shape> = {}): GptLM => new GptLM({ ...shape, ...over }, new Rng(seed));
const ids = (values: number[]): Tensor => tensor(Int32Array.from(values), [1, values.length], 'int32');

describe('GptLM', () => {
  it('maps [B, T] tokens to [B·T, V] logits through the tied token embedding', () => {
    const m = model();
    const names = Object.keys(m.stateDict());
    expect(names).toContain('wte.weight');
    expect(names).toContain('wpe.weight');
    expect(names).toContain('transformer.layers.1.self_attn.in_proj_weight');
    expect(names).toContain('transformer.norm.weight');
    expect(names.filter((n) => n.startsWith('head') || n.includes('lm_head'))).toEqual([]); // no separate output matrix
    // E = 8: per block 3E·E + 3E (qkv) + E·E + E (out) + 4E·E + 4E + 4E·E + E (MLP) + 4E (two norms); + V·E + T·E + 2E
    const e = 8;
    const block = 3 * e * e + 3 * e + e * e + e + 4 * e * e + 4 * e + 4 * e * e + e + 4 * e;
    expect(m.parameters().reduce((n, p) => n + p.size, 0)).toBe(2 * block + 11 * e + 12 * e + 2 * e);
    const logits = m.forward(tensor(new Int32Array([1, 2, 3, 4, 5, 6]), [2, 3], 'int32'));
    expect(logits.shape).toEqual([6, 11]);
    // tying: scaling the embedding table's last row scales only that token's logit … and its input
    const before = m.forward(ids([0, 1])).dataSync();
    const w = m.wte.weight.dataSync() as Float32Array;
    const scaled = Float32Array.from(w);
    for (let j = 0; j < e; j++) scaled[10 * e + j] *= 2;
    m.wte.weight.assign(tensor(scaled, [11, e]));
    const after = m.forward(ids([0, 1])).dataSync();
    for (let r = 0; r < 2; r++) {
      for (let v = 0; v < 10; v++) expect(after[r * 11 + v]).toBeCloseTo(before[r * 11 + v], 5);
      expect(after[r * 11 + 10]).toBeCloseTo(2 * before[r * 11 + 10], 4);
    }
  });

  it('is causal: the logits at step t do not depend on later tokens', () => {
    const m = model();
    m.eval();
    const a = m.forward(ids([1, 2, 3, 4, 5])).dataSync();
    const b = m.forward(ids([1, 2, 3, 9, 0])).dataSync();
    for (let i = 0; i < 3 * 11; i++) expect(b[i]).toBeCloseTo(a[i], 5);
    expect(Math.max(...Array.from({ length: 11 }, (_, v) => Math.abs(a[3 * 11 + v] - b[3 * 11 + v])))).toBeGreaterThan(1e-4);
  });

  it('names the layer and the shapes on bad input', () => {
    const m = model();
    expect(() => m.forward(ids(Array.from({ length: 13 }, () => 1)))).toThrow(ShapeError);
    expect(() => m.forward(ids(Array.from({ length: 13 }, () => 1)))).toThrow(/GPT: input \[1,13\] exceed the block size 12/);
    expect(() => m.forward(tensor(new Int32Array(3), [3], 'int32'))).toThrow(/GPT: input must be \[batch, time\] token ids, got \[3\]/);
    expect(() => model(1, { heads: 3 })).toThrow(ArgumentError);
    expect(() => model(1, { heads: 3 })).toThrow(/GPT: embedding 8 is not divisible by heads 3/);
    expect(() => model(1, { dropout: 1 })).toThrow(/GPT: dropout must be in \[0, 1\)/);
    const caches = m.newCaches();
    noGrad(() => m.forward(ids([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { caches }));
    expect(() => noGrad(() => m.forward(ids([1, 2, 3]), { caches }))).toThrow(/GPT: 3 new tokens \[1,3\] after 10 cached ones exceed the block size 12/);
    for (const c of caches) c.dispose();
  });
});

describe('GPT generation with KV caches', () => {
  it('slides the context window: all tokens while they fit, then the last half block', () => {
    expect(slideWindow([0, 1, 2], [3, 4], 6)).toEqual({ window: [0, 1, 2, 3, 4], restarted: false });
    expect(slideWindow([0, 1, 2, 3, 4, 5], [6], 6)).toEqual({ window: [4, 5, 6], restarted: true });
    expect(slideWindow([0, 1], [2, 3, 4, 5, 6, 7, 8], 6)).toEqual({ window: [3, 4, 5, 6, 7, 8], restarted: true });
  });

  it('gives the distributions of re-running the whole window, and so the same tokens (greedy and sampled)', async () => {
    const m = model(5);
    const bos = 0;
    const prompt = Int32Array.of(3, 1, 4);
    for (const mode of ['greedy', 'sampled'] as const) {
      const generate = async (cache: boolean): Promise<{ tokens: number[]; p: Float32Array[] }> => {
        const reader = gptReader(m, bos, { cache });
        const rng = new Rng(17);
        const tokens: number[] = [];
        const ps: Float32Array[] = [];
        let p = await reader.feed(prompt);
        for (let i = 0; i < 30; i++) { // 3 + 30 tokens: the window restarts several times (block 12)
          ps.push(p);
          const id = mode === 'greedy' ? sampleToken(p, rng, { topK: 1 }) : sampleToken(p, rng, { temperature: 1.5, topK: 8, topP: 0.95, banned: [bos] });
          tokens.push(id);
          p = await reader.feed(Int32Array.of(id));
        }
        reader.dispose();
        return { tokens, p: ps };
      };
      const cached = await generate(true);
      const full = await generate(false);
      expect(cached.tokens, mode).toEqual(full.tokens);
      cached.p.forEach((p, i) => p.forEach((v, j) => expect(v).toBeCloseTo(full.p[i][j], 5)));
      expect(new Set(cached.tokens).size).toBeGreaterThan(1);
    }
  }, 120_000);
});

describe('GPT scoring and batches', () => {
  it('scores every target exactly once, each window fitting the block', () => {
    for (const [n, t] of [[1, 4], [5, 8], [8, 8], [9, 8], [37, 8], [100, 7]]) {
      const seen = new Array<number>(n).fill(0);
      for (const { start, scoreFrom } of gptWindows(n, Math.min(t, n))) {
        expect(start).toBeGreaterThanOrEqual(0);
        expect(start + Math.min(t, n)).toBeLessThanOrEqual(n);
        for (let j = scoreFrom; j < Math.min(t, n); j++) seen[start + j]++;
      }
      expect(seen).toEqual(new Array<number>(n).fill(1));
    }
  });

  it('meanNll of a stream within one block is the mean cross-entropy of one forward pass from <bos>', async () => {
    const m = model(7);
    const stream = Int32Array.of(4, 2, 9, 9, 1, 3, 7);
    const input = ids([0, ...Array.from(stream.subarray(0, 6))]);
    const want = noGrad(() => crossEntropy(m.forward(input), tensor(stream, [7], 'int32')).dataSync()[0]);
    expect(await meanNll(m, stream, 0)).toBeCloseTo(want, 5);
    // longer than the block: still finite and every token counted (mean of a 40-token stream)
    const long = Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 11);
    expect(Number.isFinite(await meanNll(m, long, 0))).toBe(true);
  }, 60_000);

  it('draws blocks of consecutive tokens with targets shifted by one', () => {
    const stream = Int32Array.from({ length: 50 }, (_, i) => i);
    const { input, target } = blockBatch(stream, 4, 10, new Rng(2));
    for (let b = 0; b < 4; b++) {
      const first = input[b * 10];
      expect(first + 10).toBeLessThan(50);
      for (let j = 0; j < 10; j++) {
        expect(input[b * 10 + j]).toBe(first + j);
        expect(target[b * 10 + j]).toBe(first + j + 1);
      }
    }
    expect(() => blockBatch(stream.subarray(0, 10), 1, 10, new Rng(1))).toThrow(/fewer than block size 10 \+ 1/);
  });

  it('warms up linearly, then decays along a cosine to lr / 10', () => {
    const s = gptSchedule(1e-3, 10, 110);
    expect(s.lrAt(0, 1e-3)).toBe(0);
    expect(s.lrAt(5, 1e-3)).toBeCloseTo(5e-4, 12);
    expect(s.lrAt(10, 1e-3)).toBeCloseTo(1e-3, 12);
    expect(s.lrAt(60, 1e-3)).toBeCloseTo(1e-4 + 0.9e-3 / 2, 12);
    expect(s.lrAt(110, 1e-3)).toBeCloseTo(1e-4, 12);
  });
});
