import { describe, expect, it } from 'vitest';
import {
  DatasetArgumentError, Mulberry32, PLAYGROUND_FEATURES, circleData, gaussData, multiGaussianData, multiGaussianTarget,
  multiclassSpiralData, planeData, playgroundFeatures, signLabelsToBinary, spiralData, xorData, type Dataset2D,
} from '../src/index.js';

function count(labels: Float32Array, value: number): number {
  return labels.filter((v) => v === value).length;
}

const generators = { circleData, xorData, gaussData, spiralData, planeData, multiGaussianData };

describe('playground generators', () => {
  for (const [name, gen] of Object.entries(generators)) {
    it(`${name}: shape, finiteness and determinism under a seed`, () => {
      const a = gen({ numSamples: 200, noise: 25, seed: 7 });
      const b = gen({ numSamples: 200, noise: 25, seed: 7 });
      const c = gen({ numSamples: 200, noise: 25, seed: 8 });
      expect(a.length).toBe(200);
      expect(a.x.shape).toEqual([200, 2]);
      expect(a.y.shape).toEqual([200]);
      expect(a.x.data.every(Number.isFinite)).toBe(true);
      expect(a.y.data.every(Number.isFinite)).toBe(true);
      expect(b.x.data).toEqual(a.x.data);
      expect(b.y.data).toEqual(a.y.data);
      expect(c.x.data).not.toEqual(a.x.data);
      expect(gen().length).toBe(500);
    });
  }

  it('classification sets are balanced ±1', () => {
    for (const gen of [circleData, gaussData, spiralData]) {
      const d = gen({ numSamples: 400, seed: 1 });
      expect(count(d.y.data, 1)).toBe(200);
      expect(count(d.y.data, -1)).toBe(200);
    }
    const xor = xorData({ numSamples: 2000, seed: 1 });
    expect(count(xor.y.data, 1) + count(xor.y.data, -1)).toBe(2000);
    expect(Math.abs(count(xor.y.data, 1) - 1000)).toBeLessThan(100);
  });

  const points = (d: Dataset2D) => Array.from({ length: d.length }, (_, i) => [d.x.data[2 * i], d.x.data[2 * i + 1], d.y.data[i]]);

  it('circle: positives within radius 2.5, negatives in the ring 3.5..5 (noise 0)', () => {
    for (const [x, y, label] of points(circleData({ seed: 3 }))) {
      const r = Math.hypot(x, y);
      if (label === 1) expect(r).toBeLessThan(2.5 + 1e-6);
      else expect(r >= 3.5 - 1e-6 && r <= 5 + 1e-6).toBe(true);
    }
  });

  it('xor: points kept 0.3 off the axes, label = sign(x·y) (noise 0)', () => {
    for (const [x, y, label] of points(xorData({ seed: 4 }))) {
      expect(Math.abs(x)).toBeGreaterThanOrEqual(0.3 - 1e-6);
      expect(Math.abs(y)).toBeGreaterThanOrEqual(0.3 - 1e-6);
      expect(label).toBe(x * y >= 0 ? 1 : -1);
    }
  });

  it('gauss: centres (2,2)/(−2,−2), variance 0.5 at noise 0 and 4 at noise 50', () => {
    for (const [noise, variance] of [[0, 0.5], [50, 4]]) {
      const d = gaussData({ numSamples: 20000, noise, seed: 5 });
      for (const label of [1, -1]) {
        const xs = points(d).filter((p) => p[2] === label).map((p) => p[0]);
        const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
        const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
        expect(mean).toBeCloseTo(2 * label, 1);
        expect(v / variance).toBeCloseTo(1, 1);
      }
    }
  });

  it('spiral: radius grows as 5·i/n on each arm (noise 0)', () => {
    const d = spiralData({ numSamples: 100, seed: 0 });
    for (let i = 0; i < 50; i++) {
      expect(Math.hypot(d.x.data[2 * i], d.x.data[2 * i + 1])).toBeCloseTo((i / 50) * 5, 5);
      expect(Math.hypot(d.x.data[100 + 2 * i], d.x.data[100 + 2 * i + 1])).toBeCloseTo((i / 50) * 5, 5);
    }
    // Arm 2 is arm 1 rotated by π: its points are the negation.
    expect(d.x.data[100 + 2 * 10]).toBeCloseTo(-d.x.data[2 * 10], 5);
  });

  it('plane: label (x + y)/10 at noise 0, bounded by (12 + 6)/10 at noise 50', () => {
    for (const [x, y, label] of points(planeData({ seed: 9 }))) expect(label).toBeCloseTo((x + y) / 10, 6);
    for (const [, , label] of points(planeData({ noise: 50, seed: 9 }))) expect(Math.abs(label)).toBeLessThanOrEqual(1.8 + 1e-6);
  });

  it('multiGaussian: hand-computed targets', () => {
    expect(multiGaussianTarget(-4, 2.5)).toBe(1);
    expect(multiGaussianTarget(0, 2.5)).toBe(-1);
    expect(multiGaussianTarget(-4, 3.5)).toBeCloseTo(0.5, 12); // distance 1 from (−4, 2.5)
    expect(multiGaussianTarget(0, -1.5)).toBeCloseTo(0.5, 12); // distance 1 from (0, −2.5), sign +1
    expect(multiGaussianTarget(6.5, 0)).toBe(0);
    for (const [x, y, label] of points(multiGaussianData({ seed: 2 }))) expect(label).toBeCloseTo(multiGaussianTarget(x, y), 6);
  });

  it('rejects bad options with the generator named', () => {
    expect(() => circleData({ numSamples: 7 })).toThrow(DatasetArgumentError);
    expect(() => circleData({ numSamples: 7 })).toThrow(/circleData: numSamples must be even/);
    expect(() => xorData({ numSamples: 0 })).toThrow(/xorData: numSamples must be a positive integer/);
    expect(() => planeData({ noise: 51 })).toThrow(/planeData: noise must be in 0..50/);
    expect(() => gaussData({ noise: Number.NaN })).toThrow(/noise must be in 0..50/);
    expect(() => spiralData({ seed: Number.POSITIVE_INFINITY })).toThrow(/seed must be a finite number/);
  });
});

describe('multiclassSpiralData', () => {
  it('balances classes and reproduces the playground spiral for two classes', () => {
    const d = multiclassSpiralData({ numClasses: 4, numSamples: 400, noise: 10, seed: 1 });
    expect(d.x.shape).toEqual([400, 2]);
    expect(d.y.data).toBeInstanceOf(Int32Array);
    for (let k = 0; k < 4; k++) expect(d.y.data.filter((v) => v === k).length).toBe(100);
    const two = multiclassSpiralData({ numClasses: 2, numSamples: 300, noise: 20, seed: 11 });
    const ref = spiralData({ numSamples: 300, noise: 20, seed: 11 });
    expect(two.x.data).toEqual(ref.x.data);
    expect(Array.from(two.y.data)).toEqual(Array.from(ref.y.data, (v) => (v === 1 ? 0 : 1)));
  });

  it('rejects bad class counts', () => {
    expect(() => multiclassSpiralData({ numClasses: 1 })).toThrow(/numClasses must be an integer ≥ 2/);
    expect(() => multiclassSpiralData({ numClasses: 3, numSamples: 100 })).toThrow(/must be a multiple of numClasses/);
  });
});

describe('features and labels', () => {
  it('computes the seven playground features', () => {
    const f = playgroundFeatures({ data: Float32Array.of(1, 2, -0.5, 3), shape: [2, 2] });
    expect(f.shape).toEqual([2, 7]);
    const expected = [1, 2, 1, 4, 2, Math.sin(1), Math.sin(2), -0.5, 3, 0.25, 9, -1.5, Math.sin(-0.5), Math.sin(3)];
    Array.from(f.data).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(PLAYGROUND_FEATURES).toHaveLength(7);
    expect(Array.from(playgroundFeatures({ data: Float32Array.of(3, 4), shape: [1, 2] }, ['x1TimesX2', 'x2Squared']).data)).toEqual([12, 16]);
    expect(() => playgroundFeatures({ data: new Float32Array(3), shape: [1, 3] })).toThrow(/points must have shape \[N, 2\], got \[1, 3\]/);
  });

  it('maps ±1 labels to 0/1 and rejects others', () => {
    expect(Array.from(signLabelsToBinary(Float32Array.of(1, -1, -1, 1)))).toEqual([1, 0, 0, 1]);
    expect(() => signLabelsToBinary(Float32Array.of(1, 0.5))).toThrow(/label at index 1 is 0.5, expected -1 or 1/);
  });
});

describe('Mulberry32', () => {
  it('is deterministic, uniform and normal', () => {
    const a = new Mulberry32(42);
    const b = new Mulberry32(42);
    const xs = Array.from({ length: 100000 }, () => a.next());
    expect(Array.from({ length: 100000 }, () => b.next())).toEqual(xs);
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(xs.reduce((s, v) => s + v, 0) / xs.length).toBeCloseTo(0.5, 2);
    const n = new Mulberry32(1);
    const zs = Array.from({ length: 100000 }, () => n.normal());
    const mean = zs.reduce((s, v) => s + v, 0) / zs.length;
    expect(mean).toBeCloseTo(0, 1);
    expect(zs.reduce((s, v) => s + (v - mean) ** 2, 0) / zs.length).toBeCloseTo(1, 1);
  });
});
