/** The Elman recurrent layer. */
import { ArgumentError, add, relu, tanh, type Tensor } from '@nabla/tensor-core';
import { RecurrentBase, type RecurrentOptions } from './recurrent-base.js';

/** Output of SimpleRNN and GRU. */
export interface RecurrentOutput {
  /** Last layer's hidden state at every step, [B, T, H]. */
  readonly output: Tensor;
  /** Every layer's final hidden state, [numLayers, B, H]. */
  readonly h: Tensor;
}

/** Options of `SimpleRNN`. */
export interface SimpleRNNOptions extends RecurrentOptions {
  /** 'tanh' (default) or 'relu'. */
  readonly nonlinearity?: 'tanh' | 'relu';
}

/**
 * Elman RNN, PyTorch's nn.RNN (batch_first): hₜ = act(xₜ W_ihᵀ + b_ih + hₜ₋₁ W_hhᵀ + b_hh).
 * Input [B, T, I] and optional h0 [numLayers, B, H] → { output [B, T, H], h [numLayers, B, H] }.
 * Parameters per layer k: weight_ih_l{k} [H, I], weight_hh_l{k} [H, H], bias_ih_l{k} [H],
 * bias_hh_l{k} [H]. Default init (PyTorch): all U(−1/√H, 1/√H).
 */
export class SimpleRNN extends RecurrentBase<[Tensor, Tensor?], RecurrentOutput> {
  /** The activation. */
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options: SimpleRNNOptions = {}) {
    super('SimpleRNN', 1, inputSize, hiddenSize, options);
    const act = options.nonlinearity ?? 'tanh';
    if (act !== 'tanh' && act !== 'relu') throw new ArgumentError('SimpleRNN', `nonlinearity must be 'tanh' or 'relu', got '${String(act)}'`);
    this.nonlinearity = act;
  }

  forward(x: Tensor, h0?: Tensor): RecurrentOutput {
    const [batch, steps] = this.checkInput('SimpleRNN', x);
    const hs = this.initialStates('SimpleRNN', 'hidden state h0', h0, batch);
    const act = this.nonlinearity === 'tanh' ? tanh : relu;
    let seq = x;
    for (let k = 0; k < this.numLayers; k++) {
      const w = this.layerWeights(k);
      const inputs = RecurrentBase.stepsOf(RecurrentBase.inputProjection(seq, w, true));
      const outputs: Tensor[] = [];
      let h = hs[k];
      for (let t = 0; t < steps; t++) {
        h = act(add(inputs[t], RecurrentBase.hiddenProjection(h, w, false)));
        outputs.push(h);
      }
      hs[k] = h;
      seq = this.betweenLayers(RecurrentBase.sequence(outputs), k);
    }
    return { output: seq, h: RecurrentBase.layersState(hs) };
  }
}
