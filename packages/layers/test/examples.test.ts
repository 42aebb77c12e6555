/** Runs every tutorial example (packages/layers/examples) and checks what it computes. */
import { describe, expect, it } from 'vitest';
import { feedForwardExample } from '../examples/feedforward.js';
import { logicGatesExample } from '../examples/logic-gates.js';
import { rectangleExample } from '../examples/rectangle.js';
import { logisticRegressionExample } from '../examples/logistic-regression.js';
import { mlpExample } from '../examples/mlp.js';
import { xorExample } from '../examples/xor.js';
import { vanishingGradientsExample } from '../examples/vanishing-gradients.js';

const quiet = (): void => {};

// The training examples take about a second alone; on a loaded shared CI machine several times more.
describe('tutorial examples', { timeout: 60_000 }, () => {
  it('feed-forward worked example: z(2) = [2,2,5], a(2) = [1,1,1], h = 1', async () => {
    const r = await feedForwardExample(quiet);
    expect(r.z2).toEqual([2, 2, 5]);
    expect(r.a2).toEqual([1, 1, 1]);
    expect(r.h).toBe(1);
  });

  it('AND, (NOT x₁) AND (NOT x₂), OR and XNOR over all four inputs', async () => {
    const r = await logicGatesExample(quiet);
    const truth = {
      and: r.inputs.map(([a, b]) => a & b),
      norNot: r.inputs.map(([a, b]) => (1 - a) & (1 - b)),
      or: r.inputs.map(([a, b]) => a | b),
      xnor: r.inputs.map(([a, b]) => (a === b ? 1 : 0)),
    };
    for (const gate of ['and', 'norNot', 'or', 'xnor'] as const) {
      r[gate].forEach((v, i) => expect(Math.abs(v - truth[gate][i])).toBeLessThan(1e-3));
    }
    // g(−30 + 20 + 20) = σ(10) for AND(1, 1)
    expect(r.and[3]).toBeCloseTo(1 / (1 + Math.exp(-10)), 6);
  });

  it('rectangle exercise: positive exactly inside 0 < x₁ < 5, 0 < x₂ < 2', async () => {
    const r = await rectangleExample(quiet);
    expect(r.inside.filter(Boolean).length).toBeGreaterThan(10);
    expect(r.inside.filter((v) => !v).length).toBeGreaterThan(10);
    r.outputs.forEach((v, i) => expect(v).toBe(r.inside[i] ? 1 : 0));
  });

  it('logistic regression trained with SGD lowers the cross-entropy and separates the blobs', async () => {
    const r = await logisticRegressionExample(quiet);
    expect(r.finalLoss).toBeLessThan(r.initialLoss / 3);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.theta[1]).toBeGreaterThan(0);
    expect(r.theta[2]).toBeGreaterThan(0);
  });

  it('2-layer MLP trained with SGD on cross-entropy fits the circle data', async () => {
    const r = await mlpExample(quiet);
    expect(r.finalLoss).toBeLessThan(0.1);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.98);
  }, 30_000); // ~4.5 s alone; far longer under a loaded machine

  it('XOR is learned from random initialisations', async () => {
    for (const seed of [0, 1, 2]) {
      const r = await xorExample(seed, quiet);
      expect(r.probabilities[0]).toBeLessThan(0.1);
      expect(r.probabilities[1]).toBeGreaterThan(0.9);
      expect(r.probabilities[2]).toBeGreaterThan(0.9);
      expect(r.probabilities[3]).toBeLessThan(0.1);
    }
  }, 30_000); // ~3 s alone; 12 s was seen under a loaded machine

  it('vanishing gradients: the sigmoid net’s first layer gets orders of magnitude less gradient', async () => {
    const r = await vanishingGradientsExample(quiet);
    expect(r.sigmoid).toHaveLength(10);
    expect(r.relu).toHaveLength(10);
    // sigmoid: first layer at least 1000× smaller than the last, and than ReLU's first layer
    expect(r.sigmoid[0]).toBeLessThan(r.sigmoid[9] / 1000);
    expect(r.sigmoid[0]).toBeLessThan(r.relu[0] / 1000);
    // ReLU with He init: first and last layers within a factor of 10
    expect(r.relu[0]).toBeGreaterThan(r.relu[9] / 10);
  });
});
