/** Embedding, Dropout and the initialisers. */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { ArgumentError, DTypeError, Rng, getBackend, ones, tensor } from '@nabla/tensor-core';
import {
  Dropout, Embedding, calculateGain, computeFans, constantInit, glorotNormal, glorotUniform, heNormal, heUniform,
  normalInit, orthogonalInit, uniformInit, zerosInit,
} from '@nabla/layers';
import { expectClose, type SuiteCase } from './helpers.js';

function stats(v: ArrayLike<number>): { mean: number; std: number; maxAbs: number } {
  let s = 0;
  let maxAbs = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i];
    maxAbs = Math.max(maxAbs, Math.abs(v[i]));
  }
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i] - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length), maxAbs };
}

/** The embedding, dropout and initialiser suite. */
export function embeddingCases(ctx: ConformanceContext): SuiteCase[] {
  return [
    {
      name: 'Embedding looks up rows for int32 indices of any shape',
      run: async () => {
        const emb = new Embedding(4, 2, { seed: 0 });
        emb.loadStateDict({ weight: tensor([[0, 1], [10, 11], [20, 21], [30, 31]]) });
        const y = emb.forward(tensor([[3, 0], [1, 1]], undefined, 'int32'));
        await expectClose(y, [30, 31, 0, 1, 10, 11, 10, 11], [2, 2, 2], ctx.tol('accumulation'));
        expect(() => emb.forward(tensor([1.5]))).toThrow(DTypeError);
        // tensor-core checks indices eagerly only on backends that can read synchronously
        if (getBackend().readSync) expect(() => emb.forward(tensor([4], undefined, 'int32'))).toThrow(/out of range/);
      },
    },
    {
      name: 'Embedding default init is N(0, 1)',
      run: async () => {
        const s = stats(await new Embedding(200, 50, { seed: 4 }).weight.data());
        expect(Math.abs(s.mean)).toBeLessThan(0.02);
        expect(Math.abs(s.std - 1)).toBeLessThan(0.02);
      },
    },
    {
      name: 'Dropout: seeded inverted dropout in training, identity in eval',
      run: async () => {
        const x = ones([1000]);
        const a = Array.from(await new Dropout(0.25, { seed: 9 }).forward(x).data());
        const b = Array.from(await new Dropout(0.25, { seed: 9 }).forward(x).data());
        expect(a).toEqual(b);
        expect(new Set(a.map((v) => v.toFixed(5)))).toEqual(new Set(['0.00000', (1 / 0.75).toFixed(5)]));
        const dropped = a.filter((v) => v === 0).length / a.length;
        expect(dropped).toBeGreaterThan(0.2);
        expect(dropped).toBeLessThan(0.3);
        const d = new Dropout(0.9, { seed: 1 }).eval();
        expect(d.forward(x)).toBe(x);
        expect(() => new Dropout(1.5)).toThrow(ArgumentError);
      },
    },
    {
      name: 'fans and gains follow torch.nn.init',
      run: async () => {
        expect(computeFans([8, 4])).toEqual([4, 8]);
        expect(computeFans([16, 3, 5, 5])).toEqual([75, 400]);
        expect(calculateGain('relu')).toBeCloseTo(Math.SQRT2, 12);
        expect(calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
        expect(calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
      },
    },
    {
      name: 'constant, uniform and normal initialisers',
      run: async () => {
        const rng = new Rng(1);
        await expectClose(zerosInit()([2, 2], rng), [0, 0, 0, 0], [2, 2], ctx.tol('exact'));
        await expectClose(constantInit(0.5)([3], rng), [0.5, 0.5, 0.5], [3], ctx.tol('exact'));
        const u = stats(await uniformInit(-2, 2)([20000], rng).data());
        expect(u.maxAbs).toBeLessThanOrEqual(2);
        expect(Math.abs(u.std - 4 / Math.sqrt(12))).toBeLessThan(0.03);
        const n = stats(await normalInit(3, 0.5)([20000], rng).data());
        expect(Math.abs(n.mean - 3)).toBeLessThan(0.02);
        expect(Math.abs(n.std - 0.5)).toBeLessThan(0.02);
      },
    },
    {
      name: 'Glorot and He initialisers have the documented spread and are reproducible',
      run: async () => {
        const shape = [200, 100];
        const g = stats(await glorotUniform()(shape, new Rng(2)).data());
        expect(g.maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 300));
        expect(Math.abs(g.std - Math.sqrt(2 / 300))).toBeLessThan(0.003);
        const gn = stats(await glorotNormal()(shape, new Rng(2)).data());
        expect(Math.abs(gn.std - Math.sqrt(2 / 300))).toBeLessThan(0.003);
        const h = stats(await heUniform()(shape, new Rng(3)).data());
        expect(h.maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 100));
        expect(Math.abs(h.std - Math.sqrt(2 / 100))).toBeLessThan(0.004);
        const hn = stats(await heNormal({ mode: 'fanOut' })(shape, new Rng(3)).data());
        expect(Math.abs(hn.std - Math.sqrt(2 / 200))).toBeLessThan(0.003);
        const a = Array.from(await heNormal()([5, 5], new Rng(11)).data());
        const b = Array.from(await heNormal()([5, 5], new Rng(11)).data());
        expect(a).toEqual(b);
      },
    },
    {
      name: 'orthogonal init gives orthonormal rows (wide) or columns (tall), scaled by gain',
      run: async () => {
        for (const [rows, cols] of [[3, 7], [7, 3]] as const) {
          const w = Array.from(await orthogonalInit(2)([rows, cols], new Rng(5)).data());
          const tall = rows >= cols;
          const n = tall ? cols : rows;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              let dot = 0;
              const len = tall ? rows : cols;
              for (let k = 0; k < len; k++) dot += tall ? w[k * cols + i] * w[k * cols + j] : w[i * cols + k] * w[j * cols + k];
              expect(dot).toBeCloseTo(i === j ? 4 : 0, 4);
            }
          }
        }
      },
    },
  ];
}
