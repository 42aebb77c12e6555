/** SimpleRNN, LSTM and GRU against the numpy loop fixtures (PyTorch equations and layouts). */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { ShapeError, tensor, zeros, type Tensor } from '@nabla/tensor-core';
import { GRU, LSTM, SimpleRNN, orthogonalInit } from '@nabla/layers';
import { expectFixture, fromFixture, type FixtureArray, type SuiteCase } from './helpers.js';
import { recurrentFixtures, type RecurrentFixture } from './fixtures.js';

function stateDictOf(f: RecurrentFixture): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(f.params).map(([k, v]: [string, FixtureArray]) => [k, fromFixture(v)]));
}


/** The recurrent suite. */
export function recurrentCases(ctx: ConformanceContext): SuiteCase[] {
  return [
    ...recurrentFixtures.rnn.map((f): SuiteCase => ({
      name: `SimpleRNN matches the numpy reference: ${f.name}`,
      run: async () => {
        const rnn = new SimpleRNN(f.inputSize, f.hiddenSize, { numLayers: f.numLayers, seed: 0 });
        rnn.loadStateDict(stateDictOf(f));
        const { output, h } = rnn.forward(fromFixture(f.x), f.h0 ? fromFixture(f.h0) : undefined);
        await expectFixture(output, f.output, ctx.tol('accumulation'));
        await expectFixture(h, f.h, ctx.tol('accumulation'));
      },
    })),
    ...recurrentFixtures.lstm.map((f): SuiteCase => ({
      name: `LSTM matches the numpy reference (gates i,f,g,o): ${f.name}`,
      run: async () => {
        const lstm = new LSTM(f.inputSize, f.hiddenSize, { numLayers: f.numLayers, seed: 0 });
        expect([...lstm.getParameter('weight_ih_l0').shape]).toEqual([4 * f.hiddenSize, f.inputSize]);
        lstm.loadStateDict(stateDictOf(f));
        const state = f.h0 && f.c0 ? { h: fromFixture(f.h0), c: fromFixture(f.c0) } : undefined;
        const { output, h, c } = lstm.forward(fromFixture(f.x), state);
        await expectFixture(output, f.output, ctx.tol('accumulation'));
        await expectFixture(h, f.h, ctx.tol('accumulation'));
        await expectFixture(c, f.c as FixtureArray, ctx.tol('accumulation'));
      },
    })),
    ...recurrentFixtures.gru.map((f): SuiteCase => ({
      name: `GRU matches the numpy reference (gates r,z,n; PyTorch n): ${f.name}`,
      run: async () => {
        const gru = new GRU(f.inputSize, f.hiddenSize, { numLayers: f.numLayers, seed: 0 });
        gru.loadStateDict(stateDictOf(f));
        const { output, h } = gru.forward(fromFixture(f.x), f.h0 ? fromFixture(f.h0) : undefined);
        await expectFixture(output, f.output, ctx.tol('accumulation'));
        await expectFixture(h, f.h, ctx.tol('accumulation'));
      },
    })),
    {
      name: 'hand-computed one-step RNN: h = tanh(W x + U h0 + b)',
      run: async () => {
        const rnn = new SimpleRNN(1, 1, { seed: 0 });
        rnn.loadStateDict({ weight_ih_l0: tensor([[2]]), weight_hh_l0: tensor([[0.5]]), bias_ih_l0: tensor([0.25]), bias_hh_l0: tensor([-0.25]) });
        const { output, h } = rnn.forward(tensor([[[1], [0]]]), tensor([[[1]]]));
        const h1 = Math.tanh(2 + 0.5);
        const h2 = Math.tanh(0.5 * h1);
        const out = Array.from(await output.data());
        expect(out[0]).toBeCloseTo(h1, 6);
        expect(out[1]).toBeCloseTo(h2, 6);
        expect(Array.from(await h.data())[0]).toBeCloseTo(h2, 6);
      },
    },
    {
      name: 'shapes: batch-first in, full sequence and [numLayers, B, H] state out',
      run: async () => {
        const gru = new GRU(3, 4, { numLayers: 3, seed: 1 });
        const { output, h } = gru.forward(zeros([2, 5, 3]));
        expect([...output.shape]).toEqual([2, 5, 4]);
        expect([...h.shape]).toEqual([3, 2, 4]);
        expect(gru.parameters()).toHaveLength(12);
        expect(() => gru.forward(zeros([2, 5, 2]))).toThrow(ShapeError);
        expect(() => gru.forward(zeros([2, 5, 3]), zeros([1, 2, 4]))).toThrow(/initial hidden state h0 must be \[3,2,4\]/);
      },
    },
    {
      name: 'default recurrent init is U(±1/√H); orthogonal init is an option',
      run: async () => {
        const lstm = new LSTM(2, 16, { seed: 2 });
        const bound = 1 / Math.sqrt(16);
        for (const p of lstm.parameters()) {
          expect(Math.max(...Array.from(await p.data()).map(Math.abs))).toBeLessThanOrEqual(bound);
        }
        const rnn = new SimpleRNN(2, 6, { seed: 2, recurrentWeightInit: orthogonalInit() });
        const w = Array.from(await rnn.getParameter('weight_hh_l0').data());
        // WᵀW = I for a square orthogonal matrix
        for (let i = 0; i < 6; i++) {
          for (let j = 0; j < 6; j++) {
            let dot = 0;
            for (let k = 0; k < 6; k++) dot += w[k * 6 + i] * w[k * 6 + j];
            expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
          }
        }
      },
    },
  ];
}
