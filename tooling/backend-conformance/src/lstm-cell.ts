/**
 * The fused LSTM cell (lstmCell and lstmCellBackward): values against the float64 loop reference
 * (shapes from 1×1 up, saturated and infinite pre-activations, NaN), float64, the autograd
 * gradient against the recorded composite formulas and finite differences, and typed errors.
 */
import { describe, expect, it } from 'vitest';
import { grad, gradCheck } from '@nabla/autograd';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectThrows } from './check.js';
import { rngFor } from './data.js';
import { lstmCell as refCell, lstmCellBackward as refBackward } from './reference/lstm-cell.js';

/** Float32-exact values in [lo, hi), with `special` written over the first entries. */
function draw(seed: number, n: number, lo: number, hi: number, special: readonly number[] = []): Float32Array {
  const rng = rngFor(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.uniform();
  out.set(special.slice(0, n));
  return out;
}

/** The cell written with recorded ops (the formulas of the spec), for the fused-vs-composite gradient check. */
function compositeCell(gates: Tensor, state: Tensor): Tensor {
  const [B, G] = gates.shape;
  const H = G / 4;
  const part = (t: Tensor, k: number): Tensor => nb.slice(t, [0, k * H], [B, H]);
  const c = nb.add(nb.mul(nb.sigmoid(part(gates, 1)), part(state, 1)), nb.mul(nb.sigmoid(part(gates, 0)), nb.tanh(part(gates, 3))));
  return nb.concat([nb.mul(nb.sigmoid(part(gates, 2)), nb.tanh(c)), c], 1);
}

const SHAPES: readonly [number, number][] = [[1, 1], [3, 5], [2, 16], [32, 128]];

export function describeLstmCell(ctx: ConformanceContext): void {
  describe('lstmCell', () => {
    for (const [B, H] of SHAPES) {
      it(`forward and backward against the float64 reference, B ${B}, H ${H}`, async () => {
        const gates = draw(B * 31 + H, B * 4 * H, -4, 4);
        const state = draw(B * 17 + H, B * 2 * H, -2, 2);
        const dOut = draw(B * 7 + H, B * 2 * H, -1, 1);
        const g = nb.tensor(gates, [B, 4 * H]);
        const s = nb.tensor(state, [B, 2 * H]);
        const out = nb.lstmCell(g, s);
        await expectTensor(out, { shape: [B, 2 * H], values: refCell(gates, state, B, H) }, ctx.tol('transcendental'), 'float32');
        const [dGates, dState] = nb.lstmCellBackward(g, s, out, nb.tensor(dOut, [B, 2 * H]));
        const { dGates: wantGates, dState: wantState } = refBackward(gates, state, refCell(gates, state, B, H), dOut, B, H);
        await expectTensor(dGates, { shape: [B, 4 * H], values: wantGates }, ctx.tol('transcendental'), 'float32');
        await expectTensor(dState, { shape: [B, 2 * H], values: wantState }, ctx.tol('transcendental'), 'float32');
      });
    }

    it('saturated, infinite and NaN pre-activations: σ and tanh reach 0, ±1 and NaN propagates', async () => {
      const H = 8;
      const gates = draw(5, 4 * H, -1, 1, [30, -30, Infinity, -Infinity, 1, NaN, 60, -60, 30, -30, Infinity, -Infinity, 0.5, 1, 2, 3, -30, 30, Infinity, -Infinity, 1, 1, 1, 1, 30, -30, Infinity, -Infinity]);
      const state = draw(6, 2 * H, -2, 2);
      const dOut = draw(7, 2 * H, -1, 1);
      const out = nb.lstmCell(nb.tensor(gates, [1, 4 * H]), nb.tensor(state, [1, 2 * H]));
      await expectTensor(out, { shape: [1, 2 * H], values: refCell(gates, state, 1, H) }, ctx.tol('transcendental'));
      const [dGates, dState] = nb.lstmCellBackward(nb.tensor(gates, [1, 4 * H]), nb.tensor(state, [1, 2 * H]), out, nb.tensor(dOut, [1, 2 * H]));
      const { dGates: wantGates, dState: wantState } = refBackward(gates, state, refCell(gates, state, 1, H), dOut, 1, H);
      await expectTensor(dGates, { shape: [1, 4 * H], values: wantGates }, ctx.tol('transcendental'));
      await expectTensor(dState, { shape: [1, 2 * H], values: wantState }, ctx.tol('transcendental'));
    });

    it('empty batch and empty hidden size give empty results', async () => {
      for (const [B, H] of [[0, 3], [2, 0]]) {
        const out = nb.lstmCell(nb.zeros([B, 4 * H]), nb.zeros([B, 2 * H]));
        expect(out.shape).toEqual([B, 2 * H]);
        expect((await out.data()).length).toBe(0);
        const [dGates, dState] = nb.lstmCellBackward(nb.zeros([B, 4 * H]), nb.zeros([B, 2 * H]), out, nb.zeros([B, 2 * H]));
        expect([dGates.shape, dState.shape]).toEqual([[B, 4 * H], [B, 2 * H]]);
      }
    });

    it('float64 when the backend has it', async () => {
      if (!nb.getBackend().supportsFloat64) return;
      const [B, H] = [3, 7];
      const gates = Array.from(draw(11, B * 4 * H, -5, 5));
      const state = Array.from(draw(12, B * 2 * H, -2, 2));
      const dOut = Array.from(draw(13, B * 2 * H, -1, 1));
      const g = nb.tensor(gates, [B, 4 * H], 'float64');
      const s = nb.tensor(state, [B, 2 * H], 'float64');
      const out = nb.lstmCell(g, s);
      await expectTensor(out, { shape: [B, 2 * H], values: refCell(gates, state, B, H) }, ctx.tol('float64'), 'float64');
      const [dGates, dState] = nb.lstmCellBackward(g, s, out, nb.tensor(dOut, [B, 2 * H], 'float64'));
      const { dGates: wantGates, dState: wantState } = refBackward(gates, state, refCell(gates, state, B, H), dOut, B, H);
      await expectTensor(dGates, { shape: [B, 4 * H], values: wantGates }, ctx.tol('float64'), 'float64');
      await expectTensor(dState, { shape: [B, 2 * H], values: wantState }, ctx.tol('float64'), 'float64');
    });

    it('autograd: the fused gradient equals the composite formulas\' gradient over two chained steps', async () => {
      const [B, H] = [4, 6];
      const g1 = nb.tensor(draw(21, B * 4 * H, -3, 3), [B, 4 * H]);
      const g2 = nb.tensor(draw(22, B * 4 * H, -3, 3), [B, 4 * H]);
      const s0 = nb.tensor(draw(23, B * 2 * H, -1, 1), [B, 2 * H]);
      const weights = nb.tensor(draw(24, B * 2 * H, -1, 1), [B, 2 * H]);
      const loss = (cell: (g: Tensor, s: Tensor) => Tensor) => (a: Tensor, b: Tensor, s: Tensor): Tensor => nb.sum(nb.mul(cell(b, cell(a, s)), weights));
      const fused = grad(loss(nb.lstmCell))(g1, g2, s0);
      const composite = grad(loss(compositeCell))(g1, g2, s0);
      for (let i = 0; i < 3; i++) await expectTensor(fused[i], { shape: composite[i].shape, values: await composite[i].data() }, ctx.tol('transcendental'));
    });

    it('second-order gradients go through the recorded formulas', async () => {
      const dtype = nb.getBackend().supportsFloat64 ? 'float64' : 'float32';
      const f = (g: Tensor, s: Tensor): Tensor => {
        const [dg, ds] = grad((x: Tensor, y: Tensor) => nb.sum(nb.square(nb.lstmCell(x, y))))(g, s);
        return nb.add(nb.sum(nb.square(dg)), nb.sum(nb.square(ds)));
      };
      const result = await gradCheck(f, [nb.tensor(draw(31, 8, -1.5, 1.5), [1, 8], dtype), nb.tensor(draw(32, 4, -1, 1), [1, 4], dtype)], { dtype });
      const detail = result.inputs.map((r) => `input ${r.input}: ${r.maxRelError.toExponential(2)}`).join('; ');
      expect(result.maxRelError, detail).toBeLessThanOrEqual(result.tolerance);
    });

    it('errors name the op, the shapes and the dtypes', () => {
      expectThrows(() => nb.lstmCell(nb.zeros([2, 6]), nb.zeros([2, 3])), nb.ShapeError, 'lstmCell', '[2,6]', '[2,3]');
      expectThrows(() => nb.lstmCell(nb.zeros([2, 8]), nb.zeros([3, 4])), nb.ShapeError, 'lstmCell', '[2,8]', '[3,4]');
      expectThrows(() => nb.lstmCell(nb.zeros([2, 8], 'int32'), nb.zeros([2, 4])), nb.DTypeError, 'lstmCell', 'int32');
      if (nb.getBackend().supportsFloat64) {
        expectThrows(() => nb.lstmCell(nb.zeros([2, 8]), nb.zeros([2, 4], 'float64')), nb.DTypeError, 'lstmCell', 'float32', 'float64');
      }
      expectThrows(() => nb.lstmCellBackward(nb.zeros([2, 8]), nb.zeros([2, 4]), nb.zeros([2, 4]), nb.zeros([2, 5])), nb.ShapeError, 'lstmCellBackward', 'dOut', '[2,5]');
    });
  });
}
