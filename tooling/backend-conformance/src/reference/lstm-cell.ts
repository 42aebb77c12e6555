/** The fused LSTM cell in float64 loops: gates [B, 4H] (a_i, a_f, a_o, a_g), state [B, 2H] = [h | c]. */

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** [h' | c'] [B, 2H]. */
export function lstmCell(gates: ArrayLike<number>, state: ArrayLike<number>, B: number, H: number): number[] {
  const out = new Array<number>(B * 2 * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const a = (k: number): number => gates[b * 4 * H + k * H + j];
      const c = sigmoid(a(1)) * state[b * 2 * H + H + j] + sigmoid(a(0)) * Math.tanh(a(3));
      out[b * 2 * H + H + j] = c;
      out[b * 2 * H + j] = sigmoid(a(2)) * Math.tanh(c);
    }
  }
  return out;
}

/** [dGates [B, 4H], dState [B, 2H]] of the cell given dOut = [dh' | dc'] [B, 2H]. */
export function lstmCellBackward(gates: ArrayLike<number>, state: ArrayLike<number>, dOut: ArrayLike<number>, B: number, H: number): [number[], number[]] {
  const dGates = new Array<number>(B * 4 * H);
  const dState = new Array<number>(B * 2 * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const a = (k: number): number => gates[b * 4 * H + k * H + j];
      const [i, f, o, g] = [sigmoid(a(0)), sigmoid(a(1)), sigmoid(a(2)), Math.tanh(a(3))];
      const c = state[b * 2 * H + H + j];
      const t = Math.tanh(f * c + i * g);
      const dh = dOut[b * 2 * H + j];
      const dc = dOut[b * 2 * H + H + j] + dh * o * (1 - t * t);
      dGates[b * 4 * H + j] = dc * g * i * (1 - i);
      dGates[b * 4 * H + H + j] = dc * c * f * (1 - f);
      dGates[b * 4 * H + 2 * H + j] = dh * t * o * (1 - o);
      dGates[b * 4 * H + 3 * H + j] = dc * i * (1 - g * g);
      dState[b * 2 * H + j] = 0;
      dState[b * 2 * H + H + j] = dc * f;
    }
  }
  return [dGates, dState];
}
