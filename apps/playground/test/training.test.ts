/** Node checks of the training side: L1's proximal step, the session behind the worker, layer gradients. */
import '@nabla/backend-js';
import { setBackend, tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { softThreshold } from '../src/model/l1-proximal.js';
import { applyPreset } from '../src/state/presets.js';
import { defaultState } from '../src/state/state.js';
import { TrainingSession } from '../src/worker/training-session.js';

beforeAll(async () => {
  await setBackend('js');
});

describe('L1 as a proximal step', () => {
  it('soft-thresholds: sign(w)·max(0, |w| − t), exactly 0 inside [−t, t]', async () => {
    const values = [-1, -0.3, -0.1, 0, 0.05, 0.1, 0.25, 2];
    const w = tensor(Float32Array.from(values), [2, 4]);
    softThreshold([w], 0.1);
    const got = Array.from(await w.data());
    values.forEach((v, i) => {
      const want = Math.sign(v) * Math.max(0, Math.abs(v) - 0.1);
      if (Math.abs(v) <= 0.1) expect(Object.is(got[i], 0) || Object.is(got[i], -0)).toBe(true);
      else expect(got[i]).toBeCloseTo(want, 6);
    });
  });

  it('training with L1 leaves exact zeros; without it none', async () => {
    const zeros = async (regularization: 'L1' | 'none'): Promise<number> => {
      const session = new TrainingSession();
      await session.build({ ...defaultState(), dataset: 'xor', regularization, regularizationRate: 0.03, optimizer: 'sgd', learningRate: 0.1 }, false);
      for (let e = 0; e < 3; e++) await session.train();
      const weights = await session.weights();
      return weights.flatMap((l) => l.weight.flat()).filter((v) => v === 0).length;
    };
    expect(await zeros('L1')).toBeGreaterThan(10);
    expect(await zeros('none')).toBe(0);
  });
});

describe('the training session behind the worker', () => {
  it('carries weights and epoch over a rebuild only when asked', async () => {
    const session = new TrainingSession();
    const state = { ...defaultState(), dataset: 'circle' as const };
    const first = await session.build(state, false);
    expect(first.sizes).toEqual([4, 8, 8, 5, 1]);
    const trained = await session.train();
    expect(trained.epoch).toBe(1);
    expect(trained.steps).toBe(25);
    const before = await session.weights();
    const carried = await session.build({ ...state, learningRate: 0.1 }, true);
    expect(carried.epoch).toBe(1);
    expect(await session.weights()).toEqual(before);
    const fresh = await session.build({ ...state, initSeed: 2 }, false);
    expect(fresh.epoch).toBe(0);
    expect(await session.weights()).not.toEqual(before);
  });

  it('a 6-layer sigmoid net: first-layer gradient ≥ 100× smaller than the output layer’s after one step', async () => {
    const session = new TrainingSession();
    await session.build({ ...applyPreset(defaultState(), 'deepSigmoid'), batchSize: 30, percTrain: 10 }, false);
    await session.train();
    const { mean } = await session.gradients();
    expect(mean.length).toBe(7);
    expect(mean[0] * 100).toBeLessThan(mean[6]);
    // and each layer's gradient shrinks going back through the sigmoids
    for (let i = 0; i < 6; i++) expect(mean[i]).toBeLessThan(mean[i + 1]);
  });
});

describe('activation curves for the plots', () => {
  it('each derivative matches finite differences away from kinks; σ′ peaks at 1/4', async () => {
    const { activationDerivative, activationValue } = await import('../src/model/activation-curves.js');
    for (const name of ['relu', 'tanh', 'sigmoid', 'linear', 'step'] as const) {
      for (const z of [-3.3, -0.7, 0.4, 2.9]) {
        const h = 1e-5;
        const fd = (activationValue(name, z + h) - activationValue(name, z - h)) / (2 * h);
        expect(activationDerivative(name, z), `${name}′(${z})`).toBeCloseTo(fd, 6);
      }
    }
    expect(activationDerivative('sigmoid', 0)).toBe(0.25);
    expect(activationDerivative('tanh', 0)).toBe(1);
  });
});

describe('one example layer by layer', () => {
  it('z, a and δ of the XNOR preset match the hand computation', async () => {
    const { inspectExample } = await import('../src/model/example-inspection.js');
    const { PlaygroundNetwork } = await import('../src/model/network.js');
    const s = applyPreset(defaultState(), 'xnor');
    const net = new PlaygroundNetwork({
      inputs: 2, hidden: s.hidden, activations: s.activations, dropout: 0, seed: 0,
      output: { kind: 'binary', activation: 'sigmoid', loss: 'crossEntropy', numClasses: 1 },
    }, s.weights);
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    const [x1, x2, y] = [0.25, 0.5, 1];
    const z1 = [-30 + 20 * x1 + 20 * x2, 10 - 20 * x1 - 20 * x2];
    const a1 = z1.map(sig);
    const z2 = -10 + 20 * a1[0] + 20 * a1[1];
    const d2 = sig(z2) - y; // cross-entropy with a sigmoid output
    const d1 = a1.map((a) => 20 * d2 * a * (1 - a));
    const { layers } = await inspectExample(net, Float32Array.of(x1, x2), y);
    layers[0].z.forEach((v, i) => expect(v).toBeCloseTo(z1[i], 4));
    layers[0].a.forEach((v, i) => expect(v).toBeCloseTo(a1[i], 5));
    expect(layers[1].z[0]).toBeCloseTo(z2, 4);
    expect(layers[1].delta[0]).toBeCloseTo(d2, 5);
    layers[0].delta.forEach((v, i) => expect(v).toBeCloseTo(d1[i], 5));
  });
});
