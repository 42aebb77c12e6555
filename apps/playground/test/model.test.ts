/** Node-side checks of the app's model code on the JS backend, against hand-computed values. */
import '@nabla/backend-js';
import { setBackend, tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { traceLectureExample } from '../src/backprop/lecture-example.js';
import { traceNetworkExample } from '../src/backprop/network-trace.js';
import { layoutGraph } from '../src/backprop/graph-layout.js';
import { lossOf, type OutputSpec } from '../src/model/loss.js';
import { PlaygroundNetwork } from '../src/model/network.js';
import { applyPreset } from '../src/state/presets.js';
import { defaultState } from '../src/state/state.js';

beforeAll(async () => {
  await setBackend('js');
});

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

async function predictAt(net: PlaygroundNetwork, points: number[][]): Promise<number[]> {
  const r = net.forward(tensor(points.flat(), [points.length, 2]), false);
  return Array.from(await r.prediction.data());
}

function presetNetwork(name: 'and' | 'xnor' | 'rectangle'): PlaygroundNetwork {
  const s = applyPreset(defaultState(), name);
  return new PlaygroundNetwork({
    inputs: 2, hidden: s.hidden, activations: s.activations, dropout: 0, seed: 0,
    output: { kind: 'binary', activation: s.outputActivation, loss: 'crossEntropy', numClasses: 1 },
  }, s.weights);
}

describe('presets from the feed-forward examples', () => {
  const corners = [[0, 0], [0, 1], [1, 0], [1, 1]];

  it('AND = σ(−30 + 20x₁ + 20x₂)', async () => {
    const p = await predictAt(presetNetwork('and'), corners);
    corners.forEach(([a, b], i) => expect(p[i]).toBeCloseTo(sigmoid(-30 + 20 * a + 20 * b), 6));
  });

  it('XNOR from AND, NOR and OR', async () => {
    const p = await predictAt(presetNetwork('xnor'), corners);
    corners.forEach(([a, b], i) => {
      const h1 = sigmoid(-30 + 20 * a + 20 * b);
      const h2 = sigmoid(10 - 20 * a - 20 * b);
      expect(p[i]).toBeCloseTo(sigmoid(-10 + 20 * h1 + 20 * h2), 5);
      expect(p[i] > 0.5).toBe(a === b);
    });
  });

  it('the step-activation rectangle 0 ≤ x₁ < 5, 0 ≤ x₂ < 2', async () => {
    const pts = [[1, 1], [4.9, 0.5], [-1, 1], [5.5, 1], [1, 2.5], [1, -0.5]];
    expect(await predictAt(presetNetwork('rectangle'), pts)).toEqual([1, 1, 0, 0, 0, 0]);
  });
});

describe('losses', () => {
  const binary = (activation: 'sigmoid' | 'tanh', loss: 'crossEntropy' | 'squared'): OutputSpec => ({ kind: 'binary', activation, loss, numClasses: 1 });

  it('cross-entropy is the mean negative log-likelihood', async () => {
    const z = [0.3, -1.2, 2];
    const t = [1, 0, 0];
    const expected = z.reduce((acc, zi, i) => acc - (t[i] === 1 ? Math.log(sigmoid(zi)) : Math.log(1 - sigmoid(zi))), 0) / 3;
    const l = lossOf(binary('sigmoid', 'crossEntropy'), tensor(z, [3, 1]), tensor(t, [3]));
    expect((await l.data())[0]).toBeCloseTo(expected, 5);
  });

  it('squared error is TF Playground’s ½(tanh z − y)² with y = ±1', async () => {
    const z = [0.3, -1.2];
    const t = [1, 0];
    const expected = (0.5 * (Math.tanh(0.3) - 1) ** 2 + 0.5 * (Math.tanh(-1.2) + 1) ** 2) / 2;
    const l = lossOf(binary('tanh', 'squared'), tensor(z, [2, 1]), tensor(t, [2]));
    expect((await l.data())[0]).toBeCloseTo(expected, 5);
  });

  it('multiclass cross-entropy uses the softmax of the logits', async () => {
    const z = [1, 2, 0.5, -1, 0, 3];
    const t = [1, 2];
    const nll = (row: number[], c: number): number => Math.log(row.reduce((a, v) => a + Math.exp(v), 0)) - row[c];
    const expected = (nll(z.slice(0, 3), 1) + nll(z.slice(3), 2)) / 2;
    const l = lossOf({ kind: 'multiclass', activation: 'linear', loss: 'crossEntropy', numClasses: 3 }, tensor(z, [2, 3]), tensor(t, [2]));
    expect((await l.data())[0]).toBeCloseTo(expected, 5);
  });
});

describe('backprop traces', () => {
  it('the lecture example has values 3, 2, 6 and gradients 2, 5, 0', async () => {
    const trace = await traceLectureExample();
    const byName = (n: string) => trace.nodes.find((node) => node.name === n);
    expect([byName('x')?.grad, byName('y')?.grad, byName('z')?.grad]).toEqual([[2], [5], [0]]);
    const ops = trace.nodes.filter((n) => n.kind === 'op').map((n) => [n.op, n.value[0]]);
    expect(ops).toEqual([['add', 3], ['maximum', 2], ['mul', 6]]);
    const { places } = layoutGraph(trace);
    const out = places.get(trace.output);
    expect(out?.column).toBe(2);
  });

  it('a regression trace ends in ½(o − t)² with o from the hand-set network', async () => {
    const net = new PlaygroundNetwork({
      inputs: 2, hidden: [1], activations: ['relu'], dropout: 0, seed: 0,
      output: { kind: 'regression', activation: 'linear', loss: 'squared', numClasses: 1 },
    }, [{ weight: [[2, -1]], bias: [0.5] }, { weight: [[3]], bias: [-1] }]);
    const trace = await traceNetworkExample(net, Float32Array.of(1.5, 1), 2);
    const o = 3 * Math.max(0, 2 * 1.5 - 1 + 0.5) - 1;
    const out = trace.nodes.find((n) => n.id === trace.output);
    expect(out?.value[0]).toBeCloseTo(0.5 * (o - 2) ** 2, 5);
    // ∂L/∂b2 = o − t; ∂L/∂W2 = (o − t)·h
    expect(trace.nodes.find((n) => n.name === 'b2')?.grad?.[0]).toBeCloseTo(o - 2, 5);
    expect(trace.nodes.find((n) => n.name === 'W2')?.grad?.[0]).toBeCloseTo((o - 2) * 2.5, 5);
  });

  it('a network trace gives ∂loss/∂b of the AND unit as σ(z) − y', async () => {
    const net = presetNetwork('and');
    const trace = await traceNetworkExample(net, Float32Array.of(1, 0.25), 1);
    const z = -30 + 20 + 5;
    const b1 = trace.nodes.find((n) => n.name === 'b1');
    expect(b1?.grad?.[0]).toBeCloseTo(sigmoid(z) - 1, 5);
    const w1 = trace.nodes.find((n) => n.name === 'W1');
    expect(w1?.grad?.[0]).toBeCloseTo((sigmoid(z) - 1) * 1, 5);
    expect(w1?.grad?.[1]).toBeCloseTo((sigmoid(z) - 1) * 0.25, 5);
  });
});
