/**
 * Positional embeddings (learned, sinusoidal, rotary) against loops written here, and the KV
 * cache: attending new tokens through the cache equals attending the full prefix.
 */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { Rng, ShapeError, concat, randn, slice, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { noGrad } from '@nabla/autograd';
import {
  KVCache, LearnedPositionalEmbedding, MultiheadAttention, RotaryEmbedding, SinusoidalPositionalEmbedding, TransformerEncoder,
  TransformerEncoderLayer,
} from '@nabla/layers';
import { expectClose, values, type SuiteCase } from './helpers.js';

/** RoPE by hand: rotate pair (a, b) of every row t by (offset + t)·base^(−2i/d). */
function ropeReference(x: readonly number[], rows: number, length: number, d: number, offset: number, interleaved: boolean): number[] {
  const out = [...x];
  for (let r = 0; r < rows; r++) {
    const t = r % length;
    for (let i = 0; i < d / 2; i++) {
      const phi = (offset + t) * 10000 ** (-2 * i / d);
      const a = r * d + (interleaved ? 2 * i : i);
      const b = r * d + (interleaved ? 2 * i + 1 : i + d / 2);
      out[a] = x[a] * Math.cos(phi) - x[b] * Math.sin(phi);
      out[b] = x[b] * Math.cos(phi) + x[a] * Math.sin(phi);
    }
  }
  return out;
}

/** The positional-embedding and KV-cache suite. */
export function positionalCases(ctx: ConformanceContext): SuiteCase[] {
  return [
    {
      name: 'RotaryEmbedding rotates feature pairs like the hand loop (half-split and interleaved, with an offset)',
      run: async () => {
        const x = randn([2, 3, 4, 6], 0, 1, { rng: new Rng(1) });
        const xs = await values(x);
        for (const interleaved of [false, true]) {
          const rope = new RotaryEmbedding(6, { maxLength: 8, interleaved });
          await expectClose(rope.forward(x, 3), ropeReference(xs, 24, 4, 6, 3, interleaved), [2, 3, 4, 6], ctx.tol('transcendental'));
        }
        expect(() => new RotaryEmbedding(6, { maxLength: 6 }).forward(x, 3)).toThrow(/RotaryEmbedding.*positions 3…6 of input \[2,3,4,6\] exceed the position table of maxLength 6/);
        expect(() => new RotaryEmbedding(5, { maxLength: 6 })).toThrow(/even/);
      },
    },
    {
      name: 'RotaryEmbedding keeps norms and makes q·k depend only on the relative position',
      run: async () => {
        const rope = new RotaryEmbedding(4, { maxLength: 32 });
        const q = tensor([[0.3, -1.2, 0.7, 2.0]]);
        const k = tensor([[1.1, 0.4, -0.5, 0.9]]);
        const dot = async (pq: number, pk: number): Promise<number> => {
          const a = await values(rope.forward(q, pq));
          const b = await values(rope.forward(k, pk));
          return a.reduce((s, v, i) => s + v * b[i], 0);
        };
        const d1 = await dot(5, 2);
        expect(Math.abs(d1 - await dot(13, 10))).toBeLessThan(ctx.tol('accumulation').atol);
        const r = await values(rope.forward(q, 7));
        expect(Math.hypot(...r)).toBeCloseTo(Math.hypot(0.3, -1.2, 0.7, 2.0), 5);
      },
    },
    {
      name: 'SinusoidalPositionalEmbedding adds sin/cos of position / 10000^(2i/d); LearnedPositionalEmbedding adds table rows',
      run: async () => {
        const pe = new SinusoidalPositionalEmbedding(4, { maxLength: 10 });
        const x = tensor([[[1, 2, 3, 4], [5, 6, 7, 8]]]);
        const expected: number[] = [];
        for (let t = 0; t < 2; t++) {
          for (let f = 0; f < 4; f++) {
            const phi = (t + 2) / 10000 ** (2 * Math.floor(f / 2) / 4);
            expected.push(t * 4 + f + 1 + (f % 2 === 0 ? Math.sin(phi) : Math.cos(phi)));
          }
        }
        await expectClose(pe.forward(x, 2), expected, [1, 2, 4], ctx.tol('transcendental'));
        expect(pe.stateDict()).toEqual({});
        expect(() => pe.forward(x, 9)).toThrow(/SinusoidalPositionalEmbedding.*positions 9…10 of input \[1,2,4\] exceed the position table of maxLength 10/);
        const learned = new LearnedPositionalEmbedding(3, 4, { seed: 1 });
        learned.loadStateDict({ weight: tensor([[0, 0, 0, 0], [10, 20, 30, 40], [100, 200, 300, 400]]) });
        await expectClose(learned.forward(x, 1), [11, 22, 33, 44, 105, 206, 307, 408], [1, 2, 4], ctx.tol('exact'));
        expect(() => learned.forward(x, 2)).toThrow(ShapeError);
        expect(() => learned.forward(tensor([[1, 2, 3]]))).toThrow(/LearnedPositionalEmbedding: input \[1,3\] must be \[\.\.\., T, 4\]/);
      },
    },
    {
      name: 'KV cache: a prefill then one token at a time equals causal attention over the full prefix (with RoPE)',
      run: async () => {
        const mha = new MultiheadAttention(8, 2, { batchFirst: true, rotary: new RotaryEmbedding(4, { maxLength: 6 }), seed: 4 });
        const x = randn([2, 5, 8], 0, 1, { rng: new Rng(5) });
        const cache = new KVCache(6);
        const [full, incremental] = noGrad(() => {
          const whole = mha.forward(x, x, x, { isCausal: true, needWeights: false }).output;
          const steps: Tensor[] = [];
          for (const [start, len] of [[0, 2], [2, 1], [3, 1], [4, 1]]) {
            const part = slice(x, [0, start, 0], [2, len, 8]);
            steps.push(mha.forward(part, part, part, { isCausal: true, cache, needWeights: false }).output);
          }
          return [whole, concat(steps, 1)];
        });
        expect(cache.length).toBe(5);
        await expectClose(incremental, await values(full), [2, 5, 8], ctx.tol('accumulation'));
        const two = slice(x, [0, 0, 0], [2, 2, 8]);
        expect(() => mha.forward(two, two, two, { cache, isCausal: true })).toThrow(/KVCache: appending 2 steps \[2,2,2,4\] to 5 cached ones overflows maxLength 6/);
        cache.dispose();
        expect(cache.length).toBe(0);
      },
    },
    {
      name: 'KV cache through a TransformerEncoder (decoder-only use): cached steps equal the full causal pass',
      run: async () => {
        const enc = new TransformerEncoder(
          (i) => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, normFirst: true, batchFirst: true, activation: 'gelu', seed: 20 + i }), 2,
        );
        const x = randn([1, 4, 8], 0, 1, { rng: new Rng(6) });
        const full = noGrad(() => enc.forward(x, { isCausal: true }));
        const caches = KVCache.forLayers(2, 4);
        const steps = [0, 1, 2, 3].map((t) => noGrad(() => tidy(() => enc.forward(slice(x, [0, t, 0], [1, 1, 8]), { isCausal: true, caches }))));
        await expectClose(concat(steps, 1), await values(full), [1, 4, 8], ctx.tol('accumulation'));
        expect(() => enc.forward(x, { caches: caches.slice(1) })).toThrow(/TransformerEncoder: got 1 KV caches for 2 layers/);
        caches.forEach((c) => c.dispose());
      },
    },
  ];
}
