/**
 * The fused LSTM cell in float64, written from the op's contract (session 8 spec), as the reference
 * of the WGSL kernels: gates [B, 4H] = [a_i | a_f | a_o | a_g], state and output [B, 2H] = [h | c].
 */

/** σ in float64, stable on both sides; NaN propagates. */
export function sigmoid64(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The activations of one (row, column) element. */
function activations(gates: ArrayLike<number>, H: number, b: number, j: number): { i: number; f: number; o: number; g: number } {
  const at = b * 4 * H + j;
  return { i: sigmoid64(gates[at]), f: sigmoid64(gates[at + H]), o: sigmoid64(gates[at + 2 * H]), g: Math.tanh(gates[at + 3 * H]) };
}

/** Forward: [h' | c'] with c' = f·c + i·g and h' = o·tanh(c'). */
export function lstmCellReference(gates: ArrayLike<number>, state: ArrayLike<number>, B: number, H: number): Float64Array {
  const out = new Float64Array(B * 2 * H);
  for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
    const { i, f, o, g } = activations(gates, H, b, j);
    const s = b * 2 * H + j;
    const cNext = f * state[s + H] + i * g;
    out[s] = o * Math.tanh(cNext);
    out[s + H] = cNext;
  }
  return out;
}

/** Backward: dGates [B, 4H] and dState [B, 2H] (zeros in the h half), c' read from `out`. */
export function lstmCellBackwardReference(
  gates: ArrayLike<number>, state: ArrayLike<number>, out: ArrayLike<number>, dOut: ArrayLike<number>, B: number, H: number,
): { dGates: Float64Array; dState: Float64Array } {
  const dGates = new Float64Array(B * 4 * H);
  const dState = new Float64Array(B * 2 * H);
  for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
    const { i, f, o, g } = activations(gates, H, b, j);
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
  return { dGates, dState };
}
