/** tril/triu, repeatInterleave, einsum, cumsum, sort/argsort and topk exported to ONNX and run in ONNX Runtime. */
import '@nabla/backend-js';
import {
  Rng, add, argsort, cast, cumsum, einsum, mul, randn, repeatInterleave, setBackend, sort, topk, tril, triu, type Tensor,
} from '@nabla/tensor-core';
import { beforeAll, describe, it } from 'vitest';
import { Module } from '../../src/index.js';
import { exportOnnx } from '../../src/interop/index.js';
import { expectOrtMatches } from './onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(5);

/** A parameterless module running `f` on its input. */
class Lambda extends Module<[Tensor], Tensor | Record<string, Tensor>> {
  constructor(private readonly f: (x: Tensor) => Tensor | Record<string, Tensor>) {
    super();
  }

  forward(x: Tensor): Tensor | Record<string, Tensor> {
    return this.f(x);
  }
}

describe('exportOnnx of the structural ops, checked in ONNX Runtime', () => {
  const cases: [string, (x: Tensor) => Tensor | Record<string, Tensor>, number[]][] = [
    ['tril and triu with offsets', (x) => add(tril(x, 1), mul(triu(x, -1), 2)), [2, 4, 5]],
    ['repeatInterleave by a count and by a list', (x) => add(repeatInterleave(x, 2, 1), repeatInterleave(x, [1, 2, 3], 1)), [2, 3, 4]],
    ['einsum attention scores and a transposing contraction', (x) => einsum('bqd,bkd->bkq', x, mul(x, 0.5)), [2, 3, 4]],
    ['cumsum, plain and exclusive reverse', (x) => add(cumsum(x, 1), cumsum(x, 2, { exclusive: true, reverse: true })), [2, 5, 3]],
    ['sort values and indices, descending', (x) => {
      const s = sort(x, { axis: 1, descending: true });
      return { values: s.values, indices: s.indices };
    }, [3, 6]],
    ['argsort along axis 0 (as float)', (x) => cast(argsort(x, { axis: 0 }), 'float32'), [4, 3]],
    ['topk values and indices', (x) => {
      const t = topk(x, 2);
      return { values: t.values, indices: t.indices };
    }, [3, 7]],
  ];
  for (const [name, f, shape] of cases) {
    it(name, async () => {
      const model = new Lambda(f);
      const input = randn(shape, 0, 1, { rng });
      await expectOrtMatches(exportOnnx(model, input), { input }, model.forward(input));
    });
  }

  it('tril/triu at opset 13 (before Trilu) as a masked Where', async () => {
    const model = new Lambda((x) => add(tril(x, -1), triu(x, 2)));
    const input = randn([3, 4], 0, 1, { rng });
    await expectOrtMatches(exportOnnx(model, input, { opset: 13 }), { input }, model.forward(input));
  });
});
