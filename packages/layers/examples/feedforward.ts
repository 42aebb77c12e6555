/**
 * Lecture §1, the worked feed-forward example: Θ(1) = [[1,0,0,1],[0,−1,1,0],[2,0,1,1]],
 * Θ(2) = [0,1,1,0], step activations, x = [1,0,2,1] where x₀ = 1 is the bias input.
 * Expected: z(2) = Θ(1)x = [2,2,5], a(2) = [1,1,1], h = step(Θ(2)·[1; a(2)]) = step(2) = 1.
 *
 * Run: pnpm --filter @nabla/layers example examples/feedforward.ts
 */
import '@nabla/backend-js';
import { setBackend, tensor } from '@nabla/tensor-core';
import { Dense, Sequential, Step } from '@nabla/layers';
import { isMain } from './is-main.js';

/** What the example computes. */
export interface FeedForwardResult {
  /** Pre-activations of the hidden layer, z(2). */
  readonly z2: number[];
  /** Hidden activations a(2). */
  readonly a2: number[];
  /** Network output h_Θ(x). */
  readonly h: number;
}

/** Build the two layers from Θ(1), Θ(2) and run x through them. */
export async function feedForwardExample(log: (line: string) => void = console.log): Promise<FeedForwardResult> {
  await setBackend('js');
  // Dense.fromTheta takes the augmented matrix: column 0 multiplies the bias input x₀ = 1
  const layer1 = Dense.fromTheta([[1, 0, 0, 1], [0, -1, 1, 0], [2, 0, 1, 1]]);
  const layer2 = Dense.fromTheta([[0, 1, 1, 0]]);
  const net = new Sequential(layer1, new Step(), layer2, new Step());

  const x = tensor([[0, 2, 1]]); // x₁..x₃; x₀ = 1 is implicit (the bias column of Θ)
  const z2 = layer1.forward(x);
  const a2 = new Step().forward(z2);
  const h = net.forward(x);

  const result = {
    z2: Array.from(await z2.data()),
    a2: Array.from(await a2.data()),
    h: (await h.data())[0],
  };
  log(`z(2) = [${result.z2.join(', ')}]`);
  log(`a(2) = [${result.a2.join(', ')}]`);
  log(`h(x) = ${result.h}`);
  return result;
}

if (isMain(import.meta.url)) await feedForwardExample();
