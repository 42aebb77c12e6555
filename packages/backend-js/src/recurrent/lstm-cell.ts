/**
 * The fused LSTM cell's kernels (Backend.lstmCell and lstmCellBackward): one pass over the [B, H]
 * cell positions, σ and tanh from the op table's scalar forms (as the backend's unary ops).
 */
import { UNARY_TABLE } from '@nabla/tensor-core';

type Floats = Float32Array | Float64Array;

const sigmoid = UNARY_TABLE.sigmoid.scalar;
const tanh = UNARY_TABLE.tanh.scalar;
const gateValues = new Float64Array(4);

/** σ(a_i), σ(a_f), σ(a_o), tanh(a_g) of the column whose a_i is at `at` (the next gates H apart), into gateValues. */
function activate(gates: Floats, at: number, H: number): void {
  gateValues[0] = sigmoid(gates[at]);
  gateValues[1] = sigmoid(gates[at + H]);
  gateValues[2] = sigmoid(gates[at + 2 * H]);
  gateValues[3] = tanh(gates[at + 3 * H]);
}

/** gates [B, 4H] (a_i, a_f, a_o, a_g), state [B, 2H] = [h | c] → out [B, 2H] = [h' | c']. */
export function lstmCellKernel(gates: Floats, state: Floats, B: number, H: number, out: Floats): void {
  for (let b = 0; b < B; b++) {
    const g0 = b * 4 * H;
    const s0 = b * 2 * H;
    for (let j = 0; j < H; j++) {
      activate(gates, g0 + j, H);
      const i = gateValues[0], f = gateValues[1], o = gateValues[2], g = gateValues[3];
      const c = f * state[s0 + H + j] + i * g;
      out[s0 + H + j] = c;
      out[s0 + j] = o * tanh(c);
    }
  }
}

/**
 * dGates [B, 4H] and dState [B, 2H] (zero h half) of the cell, from gates, state, its output
 * `out` (c' in the second half) and the output gradient dOut = [dh' | dc'].
 */
export function lstmCellBackwardKernel(gates: Floats, state: Floats, out: Floats, dOut: Floats, B: number, H: number, dGates: Floats, dState: Floats): void {
  for (let b = 0; b < B; b++) {
    const g0 = b * 4 * H;
    const s0 = b * 2 * H;
    for (let j = 0; j < H; j++) {
      activate(gates, g0 + j, H);
      const i = gateValues[0], f = gateValues[1], o = gateValues[2], g = gateValues[3];
      const t = tanh(out[s0 + H + j]);
      const dh = dOut[s0 + j];
      const dc = dOut[s0 + H + j] + dh * o * (1 - t * t);
      dGates[g0 + j] = dc * g * i * (1 - i);
      dGates[g0 + H + j] = dc * state[s0 + H + j] * f * (1 - f);
      dGates[g0 + 2 * H + j] = dh * t * o * (1 - o);
      dGates[g0 + 3 * H + j] = dc * i * (1 - g * g);
      dState[s0 + j] = 0;
      dState[s0 + H + j] = dc * f;
    }
  }
}
