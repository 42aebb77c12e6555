/** scaledDotProductAttention (the fused 'attention' op) exported to ONNX and run in ONNX Runtime. */
import '@nabla/backend-js';
import { Rng, mul, randn, scaledDotProductAttention, setBackend, slice, tensor, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, it } from 'vitest';
import { Module } from '../../src/index.js';
import { exportOnnx } from '../../src/interop/index.js';
import { expectOrtMatches } from './onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(11);

/** Self-attention of x [..., T, E] with q, k, v = x·{1, 0.5, −1} (distinct operands without parameters). */
class SelfAttention extends Module {
  constructor(private readonly options: { causal?: boolean; mask?: Tensor; scale?: number }) {
    super();
  }

  forward(x: Tensor): Tensor {
    return scaledDotProductAttention(x, mul(x, 0.5), mul(x, -1), this.options);
  }
}

/** Cross-attention: queries are the first 3 positions of x, keys and values all of them (L ≠ S). */
class CrossAttention extends Module {
  forward(x: Tensor): Tensor {
    const q = slice(x, [0, 0, 0], [x.shape[0], 3, x.shape[2]]);
    return scaledDotProductAttention(q, x, mul(x, 2), { causal: true });
  }
}

describe('exportOnnx of scaledDotProductAttention, checked in ONNX Runtime', () => {
  const blocked = tensor([[1, 1, 0, 0, 1], [0, 0, 0, 0, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 0, 0, 0, 1]], [5, 5], 'bool');
  const cases: [string, () => Module, number[]][] = [
    ['no mask', () => new SelfAttention({}), [2, 5, 4]],
    ['causal, 4-D heads', () => new SelfAttention({ causal: true }), [2, 3, 5, 4]],
    ['bool mask with a fully blocked row, explicit scale', () => new SelfAttention({ mask: blocked, scale: 0.3 }), [2, 5, 4]],
    ['float mask', () => new SelfAttention({ mask: randn([5, 5], 0, 1, { rng }) }), [1, 5, 8]],
    ['causal cross-attention, L < S', () => new CrossAttention(), [2, 6, 4]],
  ];
  for (const [name, build, shape] of cases) {
    it(name, async () => {
      const model = build();
      const input = randn(shape, 0, 1, { rng });
      const bytes = exportOnnx(model, input);
      await expectOrtMatches(bytes, { input }, model.forward(input));
    });
  }
});
