/** Trace one training example through the network's forward pass and loss, with every gradient. */
import { traceGraph, type GraphTrace } from '@nabla/autograd';
import { tensor, type Tensor } from '@nabla/tensor-core';
import { forwardLayers, type AffineParams } from '../model/forward.js';
import { lossOf } from '../model/loss.js';
import type { PlaygroundNetwork } from '../model/network.js';

/**
 * Graph of loss(network(x), target) for one example `features` with inputs x, W1, b1, …
 * (names as in the lecture), each op's value and the gradient of the loss. No dropout.
 */
export function traceNetworkExample(network: PlaygroundNetwork, features: Float32Array, target: number): Promise<GraphTrace> {
  const params: Tensor[] = network.layers.flatMap((l) => (l.bias ? [l.weight, l.bias] : [l.weight]));
  const names = ['x', ...network.layers.flatMap((_, i) => [`W${i + 1}`, `b${i + 1}`])];
  const y = tensor(Float32Array.of(target), [1]);
  const fn = (x: Tensor, ...flat: Tensor[]): Tensor => {
    const layers: AffineParams[] = [];
    for (let i = 0; i < flat.length; i += 2) layers.push({ weight: flat[i], bias: flat[i + 1] });
    const { logits } = forwardLayers(x, layers, network.spec.activations);
    return lossOf(network.spec.output, logits, y);
  };
  const x = tensor(features, [1, features.length]);
  return traceGraph(fn, [x, ...params], { names }).finally(() => {
    x.dispose();
    y.dispose();
  });
}
