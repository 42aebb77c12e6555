/** Long short-term memory. */
import { add, concat, lstmCell, slice, split, type Tensor } from '@nabla/tensor-core';
import { RecurrentBase, type LayerWeights, type RecurrentOptions } from './recurrent-base.js';

/** Initial LSTM state, each [numLayers, B, H]; either may be omitted (zeros). */
export interface LSTMState {
  /** Initial hidden state of every layer, [numLayers, B, H] (default zeros). */
  readonly h?: Tensor;
  /** Initial cell state of every layer, [numLayers, B, H] (default zeros). */
  readonly c?: Tensor;
}

/** Output of LSTM. */
export interface LSTMOutput {
  /** Last layer's hidden state at every step, [B, T, H]. */
  readonly output: Tensor;
  /** Every layer's final hidden state, [numLayers, B, H]. */
  readonly h: Tensor;
  /** Every layer's final cell state, [numLayers, B, H]. */
  readonly c: Tensor;
}

/**
 * LSTM, PyTorch's nn.LSTM (batch_first), gate order i, f, g, o (each step's gate math is one
 * fused `lstmCell` op, its rows reordered i, f, o, g once per forward):
 * i = σ(·), f = σ(·), g = tanh(·), o = σ(·) of xₜ W_ihᵀ + b_ih + hₜ₋₁ W_hhᵀ + b_hh;
 * cₜ = f ⊙ cₜ₋₁ + i ⊙ g, hₜ = o ⊙ tanh(cₜ).
 * Input [B, T, I] and optional { h, c } [numLayers, B, H] → { output [B, T, H], h, c }.
 * Parameters per layer k: weight_ih_l{k} [4H, I], weight_hh_l{k} [4H, H], bias_ih_l{k} [4H],
 * bias_hh_l{k} [4H]. Default init (PyTorch): all U(−1/√H, 1/√H).
 *
 * @example
 * ```ts
 * import { LSTM } from '@nabla/layers';
 * import { randn } from '@nabla/tensor-core';
 *
 * const lstm = new LSTM(10, 32, { numLayers: 2 });
 * const { output, h, c } = lstm.forward(randn([4, 7, 10]));  // output [4, 7, 32]; h, c [2, 4, 32]
 * const next = lstm.forward(randn([4, 1, 10]), { h, c });      // continue from the carried state
 * ```
 */
export class LSTM extends RecurrentBase<[Tensor, LSTMState?], LSTMOutput> {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', 4, inputSize, hiddenSize, options);
  }

  forward(x: Tensor, state: LSTMState = {}): LSTMOutput {
    const [batch, steps] = this.checkInput('LSTM', x);
    const hs = this.initialStates('LSTM', 'hidden state h', state.h, batch);
    const cs = this.initialStates('LSTM', 'cell state c', state.c, batch);
    const H = this.hiddenSize;
    let seq = x;
    for (let k = 0; k < this.numLayers; k++) {
      const w = this.sigmoidGatesFirst(this.layerWeights(k));
      const inputs = RecurrentBase.stepsOf(RecurrentBase.inputProjection(seq, w));
      const outputs: Tensor[] = [];
      // [h | c] [B, 2H]: the fused cell reads c from it and returns the next [h' | c']
      let state = concat([hs[k], cs[k]], 1);
      let h = hs[k];
      for (let t = 0; t < steps; t++) {
        state = lstmCell(add(inputs[t], RecurrentBase.hiddenProjection(h, w)), state);
        h = slice(state, [0, 0], [batch, H]);
        outputs.push(h);
      }
      hs[k] = h;
      cs[k] = slice(state, [0, H], [batch, H]);
      seq = this.betweenLayers(RecurrentBase.sequence(outputs), k);
    }
    return { output: seq, h: RecurrentBase.layersState(hs), c: RecurrentBase.layersState(cs) };
  }

  /**
   * Layer weights with their gate rows reordered from i, f, g, o to i, f, o, g (once per forward),
   * the order `lstmCell` reads its gates in; both biases are summed into the input projection's.
   */
  private sigmoidGatesFirst(w: LayerWeights): LayerWeights {
    const H = this.hiddenSize;
    const reorder = (t: Tensor): Tensor => {
      const [iff, g, o] = split(t, [2 * H, H, H], 0);
      return concat([iff, o, g], 0);
    };
    return {
      weightIh: reorder(w.weightIh),
      weightHh: reorder(w.weightHh),
      biasIh: w.biasIh && w.biasHh ? reorder(add(w.biasIh, w.biasHh)) : null,
      biasHh: null,
    };
  }
}
