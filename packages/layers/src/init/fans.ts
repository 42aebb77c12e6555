/** Fan-in / fan-out and gains, computed the way PyTorch's torch.nn.init does. */
import { ArgumentError } from '@nabla/tensor-core';

/** Nonlinearities with a recommended gain. */
export type Nonlinearity = 'linear' | 'conv' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/**
 * [fanIn, fanOut] of a weight shape: for [out, in, ...kernel], fanIn = in·∏kernel and
 * fanOut = out·∏kernel. Needs rank ≥ 2.
 */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length < 2) throw new ArgumentError('computeFans', `needs a weight of rank >= 2, got shape [${shape.join(',')}]`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1] * receptive, shape[0] * receptive];
}

/** PyTorch's calculate_gain: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for relu, √(2/(1+a²)) for leaky relu. */
export function calculateGain(nonlinearity: Nonlinearity, negativeSlope = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
    case 'selu':
      return 3 / 4;
  }
  throw new ArgumentError('calculateGain', `unknown nonlinearity '${String(nonlinearity)}'`);
}
