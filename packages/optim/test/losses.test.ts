// Loss values and gradients are checked on every backend by @nabla/backend-conformance
// (src/optim/losses.ts); these are the backend-independent argument checks.
import { ArgumentError, DTypeError, ShapeError, tensor, tidy } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { crossEntropy, huber, l1, mse, nll } from '../src/index.js';
import { useJsBackend } from './helpers.js';

useJsBackend();

describe('loss argument errors', () => {
  const logits = [
    [2, 1, 0.1],
    [0.5, 2.5, -1],
    [-3, 0, 3],
  ];

  it('rejects mismatched shapes, integer inputs and bad options with the loss named', () => {
    tidy(() => {
      expect(() => mse(tensor([1, 2]), tensor([1, 2, 3]))).toThrowError(ShapeError);
      expect(() => mse(tensor([1, 2]), tensor([1, 2, 3]))).toThrowError(/mse: input \[2\] and target \[3\]/);
      expect(() => l1(tensor([1, 2], [2], 'int32'), tensor([1, 2]))).toThrowError(DTypeError);
      expect(() => huber(tensor([1]), tensor([1]), { delta: 0 })).toThrowError(ArgumentError);
      expect(() => mse(tensor([1]), tensor([1]), { reduction: 'avg' as 'mean' })).toThrowError(/reduction/);
    });
  });

  it('names the loss and the shapes in its errors', () => {
    tidy(() => {
      expect(() => crossEntropy(tensor(logits), tensor([0, 1], [2], 'int32'))).toThrowError(/crossEntropy: labels \[2\] must be \[N\] = \[3\] for input \[3,3\]/);
      expect(() => crossEntropy(tensor(logits), tensor([0, 1, 3], [3], 'int32'))).toThrowError(/label 3 at position 2 is out of range \[0, 3\)/);
      expect(() => crossEntropy(tensor([1, 2, 3]), tensor([0], [1], 'int32'))).toThrowError(ShapeError);
      expect(() => crossEntropy(tensor(logits), tensor([[1, 0, 0]]))).toThrowError(/target \[1,3\]/);
      expect(() => crossEntropy(tensor(logits), tensor([0, 1, 2], [3], 'int32'), { labelSmoothing: 2 })).toThrowError(ArgumentError);
    });
  });

  it('nll requires int32 labels', () => {
    tidy(() => {
      expect(() => nll(tensor([[0, -1]]), tensor([1], [1]))).toThrowError(/nll: class labels must be int32, got float32/);
    });
  });
});

describe('binaryCrossEntropyWithLogits gradient', () => {
  it('is σ(x) − y at x = 0, where max(x,0) and |x| have kinks', async () => {
    const { variable } = await import('@nabla/autograd');
    const { binaryCrossEntropyWithLogits } = await import('../src/index.js');
    const x = variable([0, 0, 2]);
    const loss = binaryCrossEntropyWithLogits(x, tensor([1, 0, 1]), { reduction: 'sum' });
    loss.backward();
    const g = Array.from(await (x.grad as NonNullable<typeof x.grad>).data());
    expect(g[0]).toBeCloseTo(-0.5, 6);
    expect(g[1]).toBeCloseTo(0.5, 6);
    expect(g[2]).toBeCloseTo(1 / (1 + Math.exp(-2)) - 1, 6);
  });
});
