import { describe, expect, it } from 'vitest';
import { Rng, globalRng, seed } from '../src/index.js';

function draw(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draw(new Rng(42), 50)).toEqual(draw(new Rng(42), 50));
    expect(draw(new Rng(42), 50)).not.toEqual(draw(new Rng(43), 50));
  });
  it('reseed restarts the sequence', () => {
    const rng = new Rng(7);
    const first = draw(rng, 20);
    rng.reseed(7);
    expect(draw(rng, 20)).toEqual(first);
  });
  it('produces unsigned 32-bit integers', () => {
    const bad = draw(new Rng(1), 1000).filter((v) => !(Number.isInteger(v) && v >= 0 && v < 2 ** 32));
    expect(bad).toEqual([]);
  });
  it('getState/setState resumes bit-for-bit, including a cached normal', () => {
    const rng = new Rng(3);
    rng.normal(); // leaves a spare in the cache
    const state = rng.getState();
    expect(state.spare).not.toBeNull();
    const expected = [rng.normal(), rng.uniform(), rng.normal(), rng.nextUint32()];
    const other = new Rng(999);
    other.setState(state);
    expect([other.normal(), other.uniform(), other.normal(), other.nextUint32()]).toEqual(expected);
  });
  it('getState returns a copy that later draws do not change', () => {
    const rng = new Rng(5);
    const state = rng.getState();
    const snapshot = JSON.stringify(state);
    draw(rng, 10);
    expect(JSON.stringify(state)).toBe(snapshot);
  });
  it('state survives a JSON round trip', () => {
    const rng = new Rng(11);
    draw(rng, 3);
    const restored = new Rng();
    restored.setState(JSON.parse(JSON.stringify(rng.getState())));
    expect(draw(restored, 10)).toEqual(draw(rng, 10));
  });
  it('uniform lies in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12 over 10k samples', () => {
    const rng = new Rng(123);
    const n = 10000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / n;
    expect(outside).toBe(0);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.005);
  });
  it('normal has mean ≈ 0 and std ≈ 1 over 10k samples', () => {
    const rng = new Rng(2024);
    const n = 10000;
    let sum = 0;
    let sumSq = 0;
    let within1 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) < 1) within1++;
    }
    const mean = sum / n;
    const std = Math.sqrt(sumSq / n - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(std - 1)).toBeLessThan(0.05);
    // P(|Z| < 1) = 0.6827
    expect(Math.abs(within1 / n - 0.6827)).toBeLessThan(0.03);
  });
  it('int(low, high) stays in range and hits every value', () => {
    const rng = new Rng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(-3, 4));
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });
  it('shuffle permutes and is deterministic for a seed', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    const b = [...a];
    new Rng(17).shuffle(a);
    new Rng(17).shuffle(b);
    expect(a).toEqual(b);
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const typed = Int32Array.from({ length: 20 }, (_, i) => i);
    new Rng(1).shuffle(typed);
    expect([...typed].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
  it('seed() reseeds the global generator', () => {
    seed(77);
    const first = draw(globalRng, 5);
    seed(77);
    expect(draw(globalRng, 5)).toEqual(first);
    expect(draw(new Rng(77), 5)).toEqual(first);
  });
});
