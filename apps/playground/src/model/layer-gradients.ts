/** Per-layer gradients: how strongly the loss reaches each weight matrix. */
import { gradients } from '@nabla/autograd';
import { tidy, zeros, type Tensor } from '@nabla/tensor-core';
import { lossOf } from './loss.js';
import type { PlaygroundNetwork } from './network.js';

/** ∂L/∂W of every layer (first hidden layer first) and the mean of its absolute values. */
export interface LayerGradients {
  /** Mean |∂L/∂W| per layer. */
  readonly mean: number[];
  /** ∂L/∂W per layer, [to][from] like the weights. */
  readonly weight: number[][][];
}

/**
 * Gradients of the mean data loss L of `network` on (x, target) with respect to every weight
 * matrix, without dropout and without touching any `.grad`.
 */
export async function layerGradients(network: PlaygroundNetwork, x: Tensor, target: Tensor): Promise<LayerGradients> {
  const grads = tidy(() => {
    const loss = lossOf(network.spec.output, network.forward(x, false).logits, target);
    return gradients(loss, network.weightMatrices()).map((g, i) => g ?? zeros([...network.layers[i].weight.shape]));
  });
  const mean: number[] = [];
  const weight: number[][][] = [];
  for (const g of grads) {
    const [rows, cols] = g.shape;
    const values = await g.data();
    g.dispose();
    let sum = 0;
    for (const v of values) sum += Math.abs(v);
    mean.push(sum / Math.max(1, values.length));
    weight.push(Array.from({ length: rows }, (_, r) => Array.from(values.subarray(r * cols, (r + 1) * cols), Number)));
  }
  return { mean, weight };
}
