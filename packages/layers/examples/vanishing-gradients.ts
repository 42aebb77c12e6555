/**
 * Lecture §5, vanishing gradients: two 10-layer nets of width 16 on the same batch, one with
 * sigmoid activations (Glorot init, its classic pairing), one with ReLU (He init). Backpropagating
 * through each sigmoid multiplies the gradient by σ'(z) ≤ 1/4, so the first layers of the sigmoid
 * net receive gradients orders of magnitude smaller than the last; the ReLU net's stay comparable.
 *
 * Run: pnpm --filter @nabla/layers example examples/vanishing-gradients.ts
 */
import '@nabla/backend-js';
import '@nabla/autograd';
import { randn, setBackend, tidy, Rng, type Tensor } from '@nabla/tensor-core';
import { mse } from '@nabla/optim';
import { Dense, ReLU, Sequential, Sigmoid, glorotNormal, heNormal, type Initializer, type TensorModule } from '@nabla/layers';
import { isMain } from './is-main.js';

/** Per-layer L2 norms of the weight gradients, first layer first. */
export interface VanishingResult {
  readonly sigmoid: number[];
  readonly relu: number[];
}

function deepNet(activation: () => TensorModule, init: Initializer, seed: number): Sequential {
  const net = new Sequential();
  const rng = new Rng(seed);
  for (let layer = 0; layer < 10; layer++) {
    net.add(new Dense(16, 16, { rng, weightInit: init }));
    if (layer < 9) net.add(activation());
  }
  return net;
}

async function weightGradNorms(net: Sequential, x: Tensor, target: Tensor): Promise<number[]> {
  tidy(() => mse(net.forward(x), target).backward());
  const norms: number[] = [];
  for (const [name, p] of net.namedParameters()) {
    if (!name.endsWith('weight') || !p.grad) continue;
    const g = Array.from(await p.grad.data());
    norms.push(Math.sqrt(g.reduce((s, v) => s + v * v, 0)));
  }
  return norms;
}

/** Gradient norms per layer for both nets. */
export async function vanishingGradientsExample(log: (line: string) => void = console.log): Promise<VanishingResult> {
  await setBackend('js');
  const rng = new Rng(7);
  const x = randn([64, 16], 0, 1, { rng });
  const target = randn([64, 16], 0, 1, { rng });
  const result = {
    sigmoid: await weightGradNorms(deepNet(() => new Sigmoid(), glorotNormal(), 1), x, target),
    relu: await weightGradNorms(deepNet(() => new ReLU(), heNormal(), 1), x, target),
  };
  log('layer   ‖∇W‖ sigmoid   ‖∇W‖ relu');
  for (let i = 0; i < 10; i++) {
    log(`${String(i + 1).padStart(5)}   ${result.sigmoid[i].toExponential(2).padStart(12)}   ${result.relu[i].toExponential(2).padStart(9)}`);
  }
  return result;
}

if (isMain(import.meta.url)) await vanishingGradientsExample();
