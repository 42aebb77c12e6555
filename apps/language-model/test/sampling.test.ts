/** Top-k listing and seeded sampling against counted frequencies. */
import { Rng } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { sampleToken, topK } from '../src/sampling.js';

describe('topK', () => {
  it('lists the most probable ids first, ties by lower id', () => {
    expect(topK([0.1, 0.4, 0.1, 0.3, 0.1], 3)).toEqual([{ id: 1, p: 0.4 }, { id: 3, p: 0.3 }, { id: 0, p: 0.1 }]);
    expect(topK([0.5, 0.5], 10)).toHaveLength(2);
  });
});

describe('sampleToken', () => {
  const p = [0.05, 0.5, 0.3, 0.15];

  it('draws ids with their probabilities at temperature 1', () => {
    const rng = new Rng(7);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[sampleToken(p, 1, null, rng)]++;
    counts.forEach((c, id) => expect(Math.abs(c / n - p[id])).toBeLessThan(0.015));
  });

  it('sharpens with temperature: p^(1/T) renormalised', () => {
    const rng = new Rng(8);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[sampleToken(p, 0.5, null, rng)]++;
    const sq = p.map((x) => x * x);
    const z = sq.reduce((a, b) => a + b, 0);
    counts.forEach((c, id) => expect(Math.abs(c / n - sq[id] / z)).toBeLessThan(0.015));
  });

  it('keeps only the top k and never a banned id', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 2000; i++) {
      expect([1, 2]).toContain(sampleToken(p, 1, 2, rng));
      expect(sampleToken(p, 1, null, rng, [1])).not.toBe(1);
    }
    expect(sampleToken(p, 1, 1, rng)).toBe(1);
  });

  it('is deterministic under a seed', () => {
    const draw = (seed: number): number[] => {
      const rng = new Rng(seed);
      return Array.from({ length: 50 }, () => sampleToken(p, 1, null, rng));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it('rejects a non-positive temperature', () => {
    expect(() => sampleToken(p, 0, null, new Rng(1))).toThrow(/temperature must be > 0/);
  });
});
