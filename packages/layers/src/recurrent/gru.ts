/** Gated recurrent unit. */
import { add, mul, sigmoid, split, sub, tanh, type Tensor } from '@nabla/tensor-core';
import { RecurrentBase, type RecurrentOptions } from './recurrent-base.js';
import type { RecurrentOutput } from './simple-rnn.js';

/**
 * GRU, PyTorch's nn.GRU (batch_first), gate order r, z, n:
 * r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 * Input [B, T, I] and optional h0 [numLayers, B, H] → { output [B, T, H], h [numLayers, B, H] }.
 * Parameters per layer k: weight_ih_l{k} [3H, I], weight_hh_l{k} [3H, H], bias_ih_l{k} [3H],
 * bias_hh_l{k} [3H]. Default init (PyTorch): all U(−1/√H, 1/√H).
 */
export class GRU extends RecurrentBase<[Tensor, Tensor?], RecurrentOutput> {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', 3, inputSize, hiddenSize, options);
  }

  forward(x: Tensor, h0?: Tensor): RecurrentOutput {
    const [batch, steps] = this.checkInput('GRU', x);
    const hs = this.initialStates('GRU', 'hidden state h0', h0, batch);
    const H = this.hiddenSize;
    let seq = x;
    for (let k = 0; k < this.numLayers; k++) {
      const w = this.layerWeights(k);
      const inputs = RecurrentBase.stepsOf(RecurrentBase.inputProjection(seq, w));
      const outputs: Tensor[] = [];
      let h = hs[k];
      for (let t = 0; t < steps; t++) {
        const [xrz, xn] = split(inputs[t], [2 * H, H], 1);
        const [hrz, hn] = split(RecurrentBase.hiddenProjection(h, w), [2 * H, H], 1);
        // one sigmoid over the contiguous [r z] block
        const [r, z] = split(sigmoid(add(xrz, hrz)), 2, 1);
        const n = tanh(add(xn, mul(r, hn)));
        // (1 − z) ⊙ n + z ⊙ h  =  n + z ⊙ (h − n)
        h = add(n, mul(z, sub(h, n)));
        outputs.push(h);
      }
      hs[k] = h;
      seq = this.betweenLayers(RecurrentBase.sequence(outputs), k);
    }
    return { output: seq, h: RecurrentBase.layersState(hs) };
  }
}
