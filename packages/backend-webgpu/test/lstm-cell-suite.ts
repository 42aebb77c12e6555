/**
 * The fused LSTM cell kernels (forward and backward) against a float64 reference of the op's
 * contract; run on Dawn in Node (lstm-cell.test.ts) and on Chromium's WebGPU (test-browser).
 */
import { describe, expect, it } from 'vitest';
import { WebGPUDTypeError } from '../src/errors.js';
import type { WebGPUBackend } from '../src/webgpu-backend.js';
import { download, expectClose, randomFloats, unaryK, upload } from './gpu.js';
import { lstmCell as lstmCellReference, lstmCellBackward as lstmCellBackwardReference } from '@nabla/backend-conformance/reference';

/** Conformance tolerances for float32 at these magnitudes. */
const RTOL = 1e-5;
const ATOL = 1e-6;

/** Pre-activations at which σ and tanh saturate in float32, and the values that must propagate. */
const SPECIAL = [30, -30, Number.NaN, Infinity, -Infinity, 0, 12, -12, 100, -100];

/** Gate pre-activations for a case: uniform in [−4, 4), or the special values spread over every gate. */
function gatesFor(B: number, H: number, seed: number, special: boolean): Float32Array {
  const gates = randomFloats(B * 4 * H, seed, -4, 4);
  if (special) for (let k = 0; k < gates.length; k += 3) gates[k] = SPECIAL[(k / 3) % SPECIAL.length];
  return gates;
}

/** The lstm cell suite on `backend`; skipped when it is null (no WebGPU adapter). */
export function describeLstmCell(backend: WebGPUBackend | null): void {
  describe.skipIf(backend === null)('lstmCell and lstmCellBackward (float32)', () => {
    const b = backend!;

    const cases: [string, number, number, boolean][] = [
      ['1×1', 1, 1, false],
      ['3×5', 3, 5, false],
      ['32×128', 32, 128, false],
      ['3×5 with ±30, ±∞ and NaN pre-activations', 3, 5, true],
      ['32×128 with ±30, ±∞ and NaN pre-activations', 32, 128, true],
    ];

    for (const [name, B, H, special] of cases) {
      it(`B×H ${name}: forward and backward match the float64 reference`, async () => {
        const seed = B * 1000 + H + (special ? 7 : 0);
        const gates = gatesFor(B, H, seed, special);
        const state = randomFloats(B * 2 * H, seed + 1, -2, 2);
        if (special) state[state.length - 1] = Number.NaN; // a NaN cell propagates too
        const dOut = randomFloats(B * 2 * H, seed + 2, -2, 2);

        const gatesT = upload(b, gates, [B, 4 * H]);
        const stateT = upload(b, state, [B, 2 * H]);
        const expectedOut = lstmCellReference(gates, state, B, H);
        const out = b.lstmCell(gatesT, stateT, [B, 2 * H]);
        expectClose(await download(b, out), expectedOut, RTOL, ATOL, 'out');

        // The backward reads c' from `out`: give it the reference's (float32) so the check stands alone.
        const outF32 = Float32Array.from(expectedOut);
        const outT = upload(b, outF32, [B, 2 * H]);
        const dOutT = upload(b, dOut, [B, 2 * H]);
        const grads = b.lstmCellBackward(gatesT, stateT, outT, dOutT);
        const expected = lstmCellBackwardReference(gates, state, outF32, dOut, B, H);
        expectClose(await download(b, grads.dGates), expected.dGates, RTOL, ATOL, 'dGates');
        const dState = await download(b, grads.dState);
        expectClose(dState, expected.dState, RTOL, ATOL, 'dState');
        for (let row = 0; row < B; row++) expect(dState.slice(row * 2 * H, row * 2 * H + H).every((v) => Object.is(v, 0)), `dState h half, row ${row}`).toBe(true);
        if (special) {
          const nanIn = [gates, state].some((xs) => xs.some(Number.isNaN));
          expect(nanIn && (await download(b, out)).some(Number.isNaN), 'NaN reached the output').toBe(true);
        }
        for (const id of [gatesT, stateT, outT, dOutT].map((t) => t.dataId).concat(out, grads.dGates, grads.dState)) b.disposeData(id);
      });
    }

    it('σ and tanh are the backend\'s sigmoid and tanh ops, bit for bit (±∞, NaN, saturation, tiny values)', async () => {
      // Gates chosen so the cell passes an activation straight through: with a_f = −∞ (f = 0), c = 0
      // and a_g = +∞ (g = 1), c' = σ(a_i); with a_i = +∞ (i = 1) instead, c' = tanh(a_g). In both,
      // a_o = +∞ (o = 1), so h' = tanh(c').
      const xs = Float32Array.from([...SPECIAL, 1e-3, -1e-3, 1e-8, -1e-8, 1e-30, 0.5, -0.5, 9.5, -9.5, 10.5, -10.5, 44, -44, 89, -89, ...randomFloats(200, 99, -20, 20)]);
      const H = xs.length;
      const row = (...parts: (Float32Array | number)[]): Float32Array => Float32Array.from(parts.flatMap((p) => (typeof p === 'number' ? Array<number>(H).fill(p) : Array.from(p))));
      const xT = upload(b, xs, [H]);
      const zeroState = upload(b, new Float32Array(2 * H), [1, 2 * H]);
      const viaSigmoid = b.lstmCell(upload(b, row(xs, -Infinity, Infinity, Infinity), [1, 4 * H]), zeroState, [1, 2 * H]);
      const viaTanh = b.lstmCell(upload(b, row(Infinity, -Infinity, Infinity, xs), [1, 4 * H]), zeroState, [1, 2 * H]);
      for (const [name, cell, op] of [['sigmoid', viaSigmoid, 'sigmoid'], ['tanh', viaTanh, 'tanh']] as const) {
        const out = await download(b, cell);
        const expectedC = await download(b, unaryK(b, op, xT));
        const expectedH = await download(b, unaryK(b, 'tanh', upload(b, expectedC, [H])));
        expect(out.slice(H), `c' = ${name}(x)`).toEqual(expectedC);
        expect(out.slice(0, H), `h' = tanh(c') after ${name}`).toEqual(expectedH);
      }
    });

    for (const [B, H] of [[0, 5], [3, 0], [0, 0]]) {
      it(`B ${B}, H ${H}: empty outputs`, async () => {
        const gatesT = upload(b, new Float32Array(B * 4 * H), [B, 4 * H]);
        const stateT = upload(b, new Float32Array(B * 2 * H), [B, 2 * H]);
        const out = b.lstmCell(gatesT, stateT, [B, 2 * H]);
        expect(await download(b, out)).toEqual([]);
        const grads = b.lstmCellBackward(gatesT, stateT, { ...stateT, dataId: out }, stateT);
        expect(await download(b, grads.dGates)).toEqual([]);
        expect(await download(b, grads.dState)).toEqual([]);
      });
    }

    it('refuses int32 operands with the backend\'s dtype error, and keeps no buffer', async () => {
      const gatesT = upload(b, [1, 2, 3, 4], [1, 4], 'int32');
      const stateT = upload(b, [0, 1], [1, 2], 'int32');
      const live = b.memory().numDataBuffers;
      expect(() => b.lstmCell(gatesT, stateT, [1, 2])).toThrow(WebGPUDTypeError);
      expect(() => b.lstmCell(gatesT, stateT, [1, 2])).toThrow(/lstmCell: expected a float32 tensor, got int32/);
      expect(() => b.lstmCellBackward(gatesT, stateT, stateT, stateT)).toThrow(/lstmCellBackward: expected a float32 tensor, got int32/);
      expect(b.memory().numDataBuffers).toBe(live);
      await b.flush();
    });
  });
}
