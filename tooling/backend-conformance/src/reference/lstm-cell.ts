/**
 * The fused LSTM cell in float64 loops, written from the op's contract: gates [B, 4H] =
 * [a_i | a_f | a_o | a_g], state and output [B, 2H] = [h | c].
 */
import { sigmoid } from './elementwise.js';

/** The activations i, f, o, g of row b, column j. */
function activations(gates: ArrayLike<number>, H: number, b: number, j: number): [number, number, number, number] {
  const at = b * 4 * H + j;
  return [sigmoid(gates[at]), sigmoid(gates[at + H]), sigmoid(gates[at + 2 * H]), Math.tanh(gates[at + 3 * H])];
}

/** Forward: [h' | c'] [B, 2H] with c' = f·c + i·g and h' = o·tanh(c'). */
export function lstmCell(gates: ArrayLike<number>, state: ArrayLike<number>, B: number, H: number): Float64Array {
  const out = new Float64Array(B * 2 * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const [i, f, o, g] = activations(gates, H, b, j);
      const s = b * 2 * H + j;
      const next = f * state[s + H] + i * g;
      out[s] = o * Math.tanh(next);
      out[s + H] = next;
    }
  }
  return out;
}

/** Backward: dGates [B, 4H] and dState [B, 2H] (zeros in the h half), c' read from the forward's `out`. */
export function lstmCellBackward(
  gates: ArrayLike<number>, state: ArrayLike<number>, out: ArrayLike<number>, dOut: ArrayLike<number>, B: number, H: number,
): { dGates: Float64Array; dState: Float64Array } {
  const dGates = new Float64Array(B * 4 * H);
  const dState = new Float64Array(B * 2 * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const [i, f, o, g] = activations(gates, H, b, j);
      const s = b * 2 * H + j;
      const at = b * 4 * H + j;
      const t = Math.tanh(out[s + H]);
      const dh = dOut[s];
      const dc = dOut[s + H] + dh * o * (1 - t * t);
      dGates[at] = dc * g * i * (1 - i);
      dGates[at + H] = dc * state[s + H] * f * (1 - f);
      dGates[at + 2 * H] = dh * t * o * (1 - o);
      dGates[at + 3 * H] = dc * i * (1 - g * g);
      dState[s + H] = dc * f;
    }
  }
  return { dGates, dState };
}
