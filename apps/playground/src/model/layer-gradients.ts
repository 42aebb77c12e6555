/** Per-layer gradient magnitudes: how strongly the loss reaches each weight matrix. */
import { gradients } from '@nabla/autograd';
import { scalar, tidy, type Tensor } from '@nabla/tensor-core';
import { lossOf } from './loss.js';
import type { PlaygroundNetwork } from './network.js';

/**
 * Mean |∂L/∂W| of every layer's weight matrix (first hidden layer first) for the mean data loss L
 * of `network` on (x, target), without dropout and without touching any `.grad`.
 */
export async function layerGradients(network: PlaygroundNetwork, x: Tensor, target: Tensor): Promise<number[]> {
  const means = tidy(() => {
    const loss = lossOf(network.spec.output, network.forward(x, false).logits, target);
    return gradients(loss, network.weightMatrices()).map((g) => (g === null ? scalar(0) : g.abs().mean()));
  });
  const out: number[] = [];
  for (const m of means) {
    out.push((await m.data())[0]);
    m.dispose();
  }
  return out;
}
