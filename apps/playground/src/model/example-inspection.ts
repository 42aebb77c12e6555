/** One training example through the network, layer by layer: input sums, activations and error terms. */
import { gradients } from '@nabla/autograd';
import { matmul, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { activate } from './activation.js';
import { lossOf } from './loss.js';
import type { PlaygroundNetwork } from './network.js';

/** What every neuron of one layer did on the example. */
export interface LayerInspection {
  /** Input sums z = W·a + b. */
  readonly z: number[];
  /** Activations g(z); for the output layer the logits themselves (a = z). */
  readonly a: number[];
  /** Error terms δ = ∂L/∂z. */
  readonly delta: number[];
}

/** z, a and δ of every layer (hidden layers first, the output layer last) and the loss on one example. */
export async function inspectExample(network: PlaygroundNetwork, features: Float32Array, target: number): Promise<{ layers: LayerInspection[]; loss: number }> {
  const r = tidy(() => {
    let a = tensor(features, [1, features.length]);
    const zs: Tensor[] = [];
    const as: Tensor[] = [];
    network.layers.forEach((layer, i) => {
      if (layer.bias === null) throw new Error('inspectExample: every layer has a bias');
      // recorded because the weights require grad: z is an intermediate that gradients() can target
      const z = matmul(a, layer.weight, { transposeB: true }).add(layer.bias);
      zs.push(z);
      a = i === network.layers.length - 1 ? z : activate(network.spec.activations[i], z);
      as.push(a);
    });
    const loss = lossOf(network.spec.output, zs[zs.length - 1], tensor(Float32Array.of(target), [1]));
    return { loss, zs, as, deltas: gradients(loss, zs).map((g, i) => g ?? zs[i].mul(0)) };
  });
  const layers: LayerInspection[] = [];
  for (let i = 0; i < r.zs.length; i++) {
    layers.push({ z: Array.from(await r.zs[i].data(), Number), a: Array.from(await r.as[i].data(), Number), delta: Array.from(await r.deltas[i].data(), Number) });
  }
  const loss = (await r.loss.data())[0];
  for (const t of [r.loss, ...r.zs, ...r.as, ...r.deltas]) t.dispose();
  return { layers, loss };
}
