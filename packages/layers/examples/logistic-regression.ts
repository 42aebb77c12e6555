/**
 * Lecture §3, logistic regression: h(x) = σ(θ₀ + θ₁x₁ + θ₂x₂), one Dense(2 → 1) unit trained by
 * plain gradient descent (SGD, full batch) on the binary cross-entropy
 * J(θ) = −(1/m) Σ [y log h(x) + (1 − y) log(1 − h(x))], on two Gaussian blobs.
 *
 * Run: pnpm --filter @nabla/layers example examples/logistic-regression.ts
 */
import '@nabla/backend-js';
import '@nabla/autograd';
import { Rng, setBackend, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { SGD, binaryCrossEntropyWithLogits } from '@nabla/optim';
import { Dense } from '@nabla/layers';
import { isMain } from './is-main.js';

/** What the run reports. */
export interface LogisticRegressionResult {
  readonly initialLoss: number;
  readonly finalLoss: number;
  readonly accuracy: number;
  /** Learned [θ₀, θ₁, θ₂] (bias first, as in the lecture). */
  readonly theta: number[];
}

/** Two blobs of `n` points each: class 0 around (−1, −1), class 1 around (1.5, 1). */
function blobs(n: number, rng: Rng): { x: Tensor; y: Tensor } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 2 * n; i++) {
    const cls = i < n ? 0 : 1;
    const [cx, cy] = cls === 0 ? [-1, -1] : [1.5, 1];
    x.push(cx + 0.8 * rng.normal(), cy + 0.8 * rng.normal());
    y.push(cls);
  }
  return { x: tensor(x, [2 * n, 2]), y: tensor(y, [2 * n, 1]) };
}

/** Fit the unit with SGD and report loss, accuracy and θ. */
export async function logisticRegressionExample(log: (line: string) => void = console.log): Promise<LogisticRegressionResult> {
  await setBackend('js');
  const { x, y } = blobs(100, new Rng(42));
  const unit = new Dense(2, 1, { seed: 0 });
  const opt = new SGD(unit.parameters(), { lr: 0.5 });
  const lossAt = (): Tensor => binaryCrossEntropyWithLogits(unit.forward(x), y);
  const initialLoss = await tidy(lossAt).itemAsync();
  for (let epoch = 0; epoch < 200; epoch++) {
    tidy(() => {
      opt.zeroGrad();
      lossAt().backward();
      opt.step();
    });
  }
  const finalLoss = await tidy(lossAt).itemAsync();
  const predictions = await tidy(() => unit.forward(x).greater(0)).data();
  const labels = Array.from(await y.data());
  const accuracy = labels.reduce((n, l, i) => n + (predictions[i] === l ? 1 : 0), 0) / labels.length;
  const theta = [(await (unit.bias as Tensor).data())[0], ...Array.from(await unit.weight.data())];
  log(`J(θ): ${initialLoss.toFixed(4)} → ${finalLoss.toFixed(4)}`);
  log(`θ = [${theta.map((v) => v.toFixed(3)).join(', ')}], training accuracy ${(100 * accuracy).toFixed(1)}%`);
  return { initialLoss, finalLoss, accuracy, theta };
}

if (isMain(import.meta.url)) await logisticRegressionExample();
