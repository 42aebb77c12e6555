/** Every @nabla/optim loss against torch.nn.functional, in each reduction: values and input gradients. */
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, huber, l1, mse, nll, type Reduction } from '@nabla/optim';
import { logSoftmax, softmax, type Tensor } from '@nabla/tensor-core';
import { forwardCase, type ForwardCase } from '../src/index.js';
import { draw } from './inputs.js';
import { paritySuite } from './parity-suite.js';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** One loss in one reduction: `a` (differentiated) against `b`. */
function loss(
  name: string, reduction: Reduction, torch: (r: string) => string, nabla: (a: Tensor, b: Tensor, r: Reduction) => Tensor,
  inputs: (seed: number) => Record<string, Tensor>, grads: readonly string[] = ['a'],
): ForwardCase {
  const id = `${name} (${reduction})`;
  return forwardCase({
    id, torchCall: torch(`reduction='${reduction}'`), call: (_, { a, b }) => nabla(a, b, reduction),
    inputs: () => inputs(id.length * 31 + REDUCTIONS.indexOf(reduction)), grads,
  });
}

const pair = (shape: readonly number[]) => (seed: number): Record<string, Tensor> => {
  const d = draw(seed);
  return { a: d.normal(shape), b: d.normal(shape) };
};
const probabilities = (seed: number): Record<string, Tensor> => {
  const d = draw(seed);
  return { a: d.uniform([4, 3], 0.05, 0.95), b: d.uniform([4, 3], 0, 1) };
};
const logitsAndTargets = (seed: number): Record<string, Tensor> => {
  const d = draw(seed);
  return { a: d.normal([4, 3], 2), b: d.uniform([4, 3], 0, 1) };
};
const labels = (seed: number): Record<string, Tensor> => {
  const d = draw(seed);
  return { a: d.normal([6, 5], 2), b: d.integers(0, 5, [6]) };
};
const distributions = (seed: number): Record<string, Tensor> => {
  const d = draw(seed);
  return { a: d.normal([6, 5], 2), b: softmax(d.normal([6, 5]), 1) };
};

const cases: ForwardCase[] = REDUCTIONS.flatMap((r) => [
  loss('mse', r, (red) => `F.mse_loss(a, b, ${red})`, (a, b, reduction) => mse(a, b, { reduction }), pair([3, 4]), ['a', 'b']),
  loss('l1', r, (red) => `F.l1_loss(a, b, ${red})`, (a, b, reduction) => l1(a, b, { reduction }), pair([3, 4]), ['a', 'b']),
  loss('huber δ=1', r, (red) => `F.huber_loss(a, b, ${red})`, (a, b, reduction) => huber(a, b, { reduction }), pair([3, 4]), ['a', 'b']),
  loss('huber δ=0.4', r, (red) => `F.huber_loss(a, b, ${red}, delta=0.4)`, (a, b, reduction) => huber(a, b, { reduction, delta: 0.4 }), pair([3, 4]), ['a', 'b']),
  loss('binaryCrossEntropy', r, (red) => `F.binary_cross_entropy(a, b, ${red})`, (a, b, reduction) => binaryCrossEntropy(a, b, { reduction }), probabilities),
  loss('binaryCrossEntropyWithLogits', r, (red) => `F.binary_cross_entropy_with_logits(a, b, ${red})`, (a, b, reduction) => binaryCrossEntropyWithLogits(a, b, { reduction }), logitsAndTargets),
  loss('crossEntropy, labels', r, (red) => `F.cross_entropy(a, b, ${red})`, (a, b, reduction) => crossEntropy(a, b, { reduction }), labels),
  loss('crossEntropy, labels, smoothing 0.1', r, (red) => `F.cross_entropy(a, b, ${red}, label_smoothing=0.1)`, (a, b, reduction) => crossEntropy(a, b, { reduction, labelSmoothing: 0.1 }), labels),
  loss('crossEntropy, probabilities', r, (red) => `F.cross_entropy(a, b, ${red})`, (a, b, reduction) => crossEntropy(a, b, { reduction }), distributions),
  loss('nll', r, (red) => `F.nll_loss(F.log_softmax(a, 1), b, ${red})`, (a, b, reduction) => nll(logSoftmax(a, 1), b, { reduction }), labels),
]);

paritySuite('losses', cases);
