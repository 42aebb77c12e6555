/**
 * Lecture §4, a 2-layer MLP (2 → 16 tanh → 2) trained by SGD on softmax cross-entropy, on the
 * playground "circle" data (a disc inside a ring), which no linear classifier can separate.
 *
 * Run: pnpm --filter @nabla/layers example examples/mlp.ts
 */
import '@nabla/backend-js';
import { noGrad } from '@nabla/autograd';
import { argmax, setBackend, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { SGD, crossEntropy } from '@nabla/optim';
import { circleData } from '@nabla/datasets';
import { Dense, Sequential, Tanh } from '@nabla/layers';
import { isMain } from './is-main.js';

/** What the run reports. */
export interface MlpResult {
  readonly initialLoss: number;
  readonly finalLoss: number;
  readonly accuracy: number;
}

/** Train on 400 circle points and report loss and training accuracy. */
export async function mlpExample(log: (line: string) => void = console.log): Promise<MlpResult> {
  await setBackend('js');
  const data = circleData({ numSamples: 400, noise: 0, seed: 3 });
  const x = tensor(data.x.data, [data.length, 2]).div(5); // scale coordinates to about [−1, 1]
  const y = tensor(Int32Array.from(data.y.data, (v) => (v > 0 ? 1 : 0)));
  const model = new Sequential(new Dense(2, 16, { seed: 1 }), new Tanh(), new Dense(16, 2, { seed: 2 }));
  const opt = new SGD(model.parameters(), { lr: 0.5, momentum: 0.9 });
  const lossAt = (): Tensor => crossEntropy(model.forward(x), y);
  // evaluation records no graph (noGrad) and frees its tensors once read
  const evaluate = async <T>(compute: () => Tensor, read: (t: Tensor) => Promise<T>): Promise<T> => {
    const t = noGrad(() => tidy(compute));
    try {
      return await read(t);
    } finally {
      t.dispose();
    }
  };
  const initialLoss = await evaluate(lossAt, (t) => t.itemAsync());
  for (let step = 1; step <= 300; step++) {
    tidy(() => {
      opt.zeroGrad();
      lossAt().backward();
      opt.step();
    });
  }
  const finalLoss = await evaluate(lossAt, (t) => t.itemAsync());
  const predicted = await evaluate(() => argmax(model.forward(x), 1), (t) => t.data());
  const labels = Array.from(await y.data());
  const accuracy = labels.reduce((n, l, i) => n + (predicted[i] === l ? 1 : 0), 0) / labels.length;
  log(`cross-entropy: ${initialLoss.toFixed(4)} → ${finalLoss.toFixed(4)}, training accuracy ${(100 * accuracy).toFixed(1)}%`);
  return { initialLoss, finalLoss, accuracy };
}

if (isMain(import.meta.url)) await mlpExample();
