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
    for (let i = 0; i < n; i++) counts[sampleToken(p, rng)]++;
    counts.forEach((c, id) => expect(Math.abs(c / n - p[id])).toBeLessThan(0.015));
  });

  it('sharpens with temperature: p^(1/T) renormalised', () => {
    const rng = new Rng(8);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[sampleToken(p, rng, { temperature: 0.5 })]++;
    const sq = p.map((x) => x * x);
    const z = sq.reduce((a, b) => a + b, 0);
    counts.forEach((c, id) => expect(Math.abs(c / n - sq[id] / z)).toBeLessThan(0.015));
  });

  it('keeps only the top k and never a banned id', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 2000; i++) {
      expect([1, 2]).toContain(sampleToken(p, rng, { topK: 2 }));
      expect(sampleToken(p, rng, { banned: [1] })).not.toBe(1);
    }
    expect(sampleToken(p, rng, { topK: 1 })).toBe(1);
  });

  it('top-p keeps the smallest most-probable set reaching the mass, renormalised', () => {
    const rng = new Rng(10);
    const n = 20000;
    // sorted: 0.5 (id 1), 0.3 (id 2), 0.15 (id 3), 0.05 (id 0); 0.5 < 0.7 ≤ 0.5 + 0.3
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[sampleToken(p, rng, { topP: 0.7 })]++;
    expect(counts[0] + counts[3]).toBe(0);
    expect(Math.abs(counts[1] / n - 0.5 / 0.8)).toBeLessThan(0.015);
    // just under 0.8 of the mass keeps ids 1 and 2; a hair more also keeps id 3
    for (let i = 0; i < 500; i++) expect([1, 2]).toContain(sampleToken(p, rng, { topP: 0.79 }));
    const wider = new Set(Array.from({ length: 2000 }, () => sampleToken(p, rng, { topP: 0.81 })));
    expect([...wider].sort()).toEqual([1, 2, 3]);
    // the most probable id alone when topP is below its probability; temperature applies first
    for (let i = 0; i < 200; i++) expect(sampleToken(p, rng, { topP: 0.1 })).toBe(1);
    for (let i = 0; i < 500; i++) expect([1, 2]).toContain(sampleToken(p, rng, { topP: 0.9, temperature: 0.25 }));
    expect(() => sampleToken(p, rng, { topP: 0 })).toThrow(/topP must be in \(0, 1\]/);
    expect(() => sampleToken(p, rng, { topP: 1.5 })).toThrow(/topP/);
  });

  it('is deterministic under a seed', () => {
    const draw = (seed: number): number[] => {
      const rng = new Rng(seed);
      return Array.from({ length: 50 }, () => sampleToken(p, rng));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it('rejects a non-positive temperature', () => {
    expect(() => sampleToken(p, new Rng(1), { temperature: 0 })).toThrow(/temperature must be > 0/);
  });
});
