/**
 * XOR learned from a random initialisation: the 2-2-1 network the lecture builds by hand for
 * XNOR, here found by gradient descent (2 → 4 tanh → 1, SGD on binary cross-entropy).
 *
 * Run: pnpm --filter @nabla/layers example examples/xor.ts
 */
import '@nabla/backend-js';
import '@nabla/autograd';
import { setBackend, sigmoid, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { SGD, binaryCrossEntropyWithLogits } from '@nabla/optim';
import { Dense, Sequential, Tanh } from '@nabla/layers';
import { isMain } from './is-main.js';

/** What the run reports. */
export interface XorResult {
  readonly finalLoss: number;
  /** σ(output) for (0,0), (0,1), (1,0), (1,1). */
  readonly probabilities: number[];
}

/** Train on the four XOR points. */
export async function xorExample(seed = 0, log: (line: string) => void = console.log): Promise<XorResult> {
  await setBackend('js');
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor([[0], [1], [1], [0]]);
  const model = new Sequential(new Dense(2, 4, { seed }), new Tanh(), new Dense(4, 1, { seed: seed + 100 }));
  const opt = new SGD(model.parameters(), { lr: 0.5, momentum: 0.9 });
  const lossAt = (): Tensor => binaryCrossEntropyWithLogits(model.forward(x), y);
  for (let step = 0; step < 500; step++) {
    tidy(() => {
      opt.zeroGrad();
      lossAt().backward();
      opt.step();
    });
  }
  const finalLoss = await tidy(lossAt).itemAsync();
  const probabilities = Array.from(await tidy(() => sigmoid(model.forward(x))).data());
  log(`loss ${finalLoss.toFixed(5)}; p(y=1) = [${probabilities.map((p) => p.toFixed(3)).join(', ')}]`);
  return { finalLoss, probabilities };
}

if (isMain(import.meta.url)) await xorExample();
