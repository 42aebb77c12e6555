/**
 * Masked attention exported to ONNX and run in ONNX Runtime: MultiheadAttention without weights
 * now runs scaledDotProductAttention with its masks (bool and float, key padding, causal), and the
 * masks may be computed in the forward from graph inputs.
 */
import '@nabla/backend-js';
import { Rng, equal, randn, scaledDotProductAttention, setBackend, tensor, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Module, MultiheadAttention } from '../../src/index.js';
import { decodeOnnxModel, exportOnnx } from '../../src/interop/index.js';
import { expectOrtMatches, relativeError } from './onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(21);
const E = 8;
const H = 2;

/** Self-attention over x [N, T, E] with a key padding mask given as a graph input and fixed extra masks. */
class PaddedSelfAttention extends Module<[Tensor, Tensor], Tensor> {
  readonly mha = new MultiheadAttention(E, H, { batchFirst: true, rng });

  constructor(private readonly masks: { attnMask?: Tensor; isCausal?: boolean }) {
    super();
  }

  forward(x: Tensor, padding: Tensor): Tensor {
    return this.mha.call(x, x, x, { keyPaddingMask: padding, ...this.masks, needWeights: false }).output;
  }
}

/** Token ids [N, T] → self-attention where padding (id 0) is masked: the bool mask is computed in the forward. */
class TokenPadding extends Module<[Tensor, Tensor], Tensor> {
  readonly mha = new MultiheadAttention(E, H, { batchFirst: true, rng });

  forward(x: Tensor, ids: Tensor): Tensor {
    return this.mha.call(x, x, x, { keyPaddingMask: equal(ids, 0), isCausal: true, needWeights: false }).output;
  }
}

/** The same layer's weighted (composite) path, the reference for rows that see at least one key. */
function composite(m: MultiheadAttention, x: Tensor, masks: Parameters<MultiheadAttention['forward']>[3]): Tensor {
  return m.forward(x, x, x, { ...masks, needWeights: true }).output;
}

describe('exportOnnx of masked attention, checked in ONNX Runtime', () => {
  const padding = tensor([[0, 0, 0, 1, 1], [0, 0, 0, 0, 0], [0, 1, 0, 1, 0]], [3, 5], 'bool');
  const cases: [string, { attnMask?: Tensor; isCausal?: boolean }][] = [
    ['bool key padding mask (an input)', {}],
    ['key padding + causal', { isCausal: true }],
    ['key padding + additive float attnMask', { attnMask: randn([5, 5], 0, 1, { rng }) }],
    ['key padding + bool attnMask [N·H, L, S]', { attnMask: tensor(Array.from({ length: 3 * H * 25 }, (_, i) => (i * 7) % 5 === 4), [3 * H, 5, 5], 'bool') }],
  ];
  for (const [name, masks] of cases) {
    it(name, async () => {
      const model = new PaddedSelfAttention(masks);
      model.eval();
      const x = randn([3, 5, E], 0, 1, { rng });
      const fused = model.forward(x, padding);
      // the fused (SDPA) path gives the composite's values where a row sees any key
      expect(relativeError(fused.dataSync(), composite(model.mha, x, { keyPaddingMask: padding, ...masks }).dataSync())).toBeLessThan(1e-5);
      const bytes = exportOnnx(model, [x, padding], { inputNames: ['x', 'padding'] });
      expect(decodeOnnxModel(bytes).graph.inputs.map((i) => i.name)).toEqual(['x', 'padding']);
      await expectOrtMatches(bytes, { x, padding }, fused);
    });
  }

  it('a padding mask computed in the forward from token ids (equal(ids, 0)), causal', async () => {
    const model = new TokenPadding();
    model.eval();
    const x = randn([2, 4, E], 0, 1, { rng });
    const ids = tensor([[5, 3, 0, 0], [2, 0, 7, 1]], [2, 4], 'int32');
    const bytes = exportOnnx(model, [x, ids], { inputNames: ['x', 'ids'] });
    expect(decodeOnnxModel(bytes).graph.nodes.map((n) => n.opType)).toContain('Equal');
    await expectOrtMatches(bytes, { x, ids }, model.forward(x, ids));
    const other = tensor([[1, 1, 1, 0], [0, 4, 0, 2]], [2, 4], 'int32'); // the mask follows the input, not the traced example
    await expectOrtMatches(bytes, { x, ids: other }, model.forward(x, other));
  });

  it('a fully masked row gives 0 in Nabla and in ONNX Runtime', async () => {
    class Blocked extends Module<[Tensor], Tensor> {
      forward(x: Tensor): Tensor {
        const mask = tensor([[true, true, true], [false, true, false], [false, false, false]], [3, 3], 'bool');
        return scaledDotProductAttention(x, x, x, { mask: mask.logicalNot() });
      }
    }
    const model = new Blocked();
    const x = randn([1, 3, 4], 0, 1, { rng });
    const y = model.forward(x);
    expect(Array.from(y.dataSync()).slice(0, 4)).toEqual([0, 0, 0, 0]); // row 0: logicalNot leaves no key to attend (true = attend)
    await expectOrtMatches(exportOnnx(model, x), { input: x }, y);
  });
});
