/**
 * MultiheadAttention, the Transformer layers and RMSNorm against PyTorch (fixtures from
 * fixtures/make_attention_fixtures.py): each case loads PyTorch's state dict strictly (so names and
 * layouts match), then compares outputs, attention weights and the gradients of L = Σ y ⊙ dy with
 * respect to every parameter and input.
 */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { mul, sum, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import {
  LayerNorm, MultiheadAttention, RMSNorm, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer,
  type AnyModule, type StateDict,
} from '@nabla/layers';
import { expectFixture, fromFixture, type FixtureArray, type SuiteCase } from './helpers.js';
import { attentionFixtures, type FixtureDict } from './attention-fixtures.js';

/** A fixture dict as float32 tensors under the same names. */
function stateFrom(dict: FixtureDict): StateDict {
  return Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, fromFixture(v)]));
}

/** A 0/1 fixture array as a bool tensor. */
function boolFrom(a: FixtureArray): Tensor {
  return tensor(Uint8Array.from(a.data), [...a.shape], 'bool');
}

/** A float32 input that records its gradient. */
function input(a: FixtureArray): Tensor {
  const t = fromFixture(a);
  t.requiresGrad = true;
  return t;
}

/** Run L = Σ y ⊙ dy backward and compare every parameter's gradient with PyTorch's. */
async function expectGradients(module: AnyModule, y: Tensor, dy: FixtureArray, grads: FixtureDict, ctx: ConformanceContext): Promise<void> {
  tidy(() => sum(mul(y, fromFixture(dy))).backward());
  const own = new Map(module.namedParameters());
  expect([...own.keys()].sort(), 'parameter names').toEqual(Object.keys(grads).sort());
  for (const [name, expected] of Object.entries(grads)) {
    const g = own.get(name)?.grad;
    expect(g, `${name} has a gradient`).toBeTruthy();
    await expectFixture(g as Tensor, expected, ctx.tol('accumulation'));
  }
}

/** Strict load of PyTorch's state dict; the module's own keys must be exactly PyTorch's. */
function loadPyTorchState(module: AnyModule, dict: FixtureDict): void {
  expect(Object.keys(module.stateDict()).sort(), 'state dict keys').toEqual(Object.keys(dict).sort());
  module.loadStateDict(stateFrom(dict));
}

/** The attention and Transformer suite. */
export function attentionCases(ctx: ConformanceContext): SuiteCase[] {
  const f = attentionFixtures;
  return [
    ...f.multiheadAttention.map((c): SuiteCase => ({
      name: `MultiheadAttention matches PyTorch ${f.torchVersion}: ${c.name}`,
      run: async () => {
        const mha = new MultiheadAttention(c.embedDim, c.numHeads, { batchFirst: c.batchFirst, bias: c.bias, seed: 1 });
        loadPyTorchState(mha, c.state);
        const q = input(c.query);
        const k = c.key ? input(c.key) : q;
        const v = c.value ? input(c.value) : q;
        const attnMask = c.attnMask ? (c.attnMaskKind === 'bool' ? boolFrom(c.attnMask) : fromFixture(c.attnMask)) : null;
        const keyPaddingMask = c.keyPaddingMask ? boolFrom(c.keyPaddingMask) : null;
        const { output, weights } = mha.forward(q, k, v, { attnMask, keyPaddingMask, averageAttnWeights: c.averageAttnWeights });
        await expectFixture(output, c.output, ctx.tol('accumulation'));
        await expectFixture(weights as Tensor, c.weights, ctx.tol('accumulation'));
        await expectGradients(mha, output, c.dy, c.grads, ctx);
        await expectFixture(q.grad as Tensor, c.queryGrad, ctx.tol('accumulation'));
        if (c.keyGrad && c.valueGrad) {
          await expectFixture(k.grad as Tensor, c.keyGrad, ctx.tol('accumulation'));
          await expectFixture(v.grad as Tensor, c.valueGrad, ctx.tol('accumulation'));
        }
        if (!attnMask && !keyPaddingMask) {
          // unmasked without weights: the scaledDotProductAttention path, same values and gradients
          mha.zeroGrad();
          const fast = mha.forward(q, k, v, { needWeights: false });
          expect(fast.weights).toBeNull();
          await expectFixture(fast.output, c.output, ctx.tol('accumulation'));
          await expectGradients(mha, fast.output, c.dy, c.grads, ctx);
        }
      },
    })),
    ...f.encoderLayer.map((c): SuiteCase => ({
      name: `TransformerEncoderLayer matches PyTorch: ${c.name}${c.causal ? ', causal' : ', key padding'}`,
      run: async () => {
        const layer = new TransformerEncoderLayer(c.dModel, c.numHeads, {
          dimFeedforward: c.dimFeedforward, dropout: 0, activation: c.activation, normFirst: c.normFirst, batchFirst: c.batchFirst, seed: 2,
        });
        loadPyTorchState(layer, c.state);
        const x = input(c.x);
        const y = layer.forward(x, { isCausal: c.causal, srcKeyPaddingMask: c.keyPaddingMask ? boolFrom(c.keyPaddingMask) : null });
        await expectFixture(y, c.output, ctx.tol('accumulation'));
        await expectGradients(layer, y, c.dy, c.grads, ctx);
        await expectFixture(x.grad as Tensor, c.xGrad, ctx.tol('accumulation'));
      },
    })),
    ...f.decoderLayer.map((c): SuiteCase => ({
      name: `TransformerDecoderLayer matches PyTorch: ${c.name}, causal target, memory padding`,
      run: async () => {
        const layer = new TransformerDecoderLayer(c.dModel, c.numHeads, {
          dimFeedforward: c.dimFeedforward, dropout: 0, activation: c.activation, normFirst: c.normFirst, batchFirst: true, seed: 3,
        });
        loadPyTorchState(layer, c.state);
        const x = input(c.x);
        const memory = input(c.memory);
        const y = layer.forward(x, memory, { tgtIsCausal: true, memoryKeyPaddingMask: boolFrom(c.memoryKeyPaddingMask) });
        await expectFixture(y, c.output, ctx.tol('accumulation'));
        await expectGradients(layer, y, c.dy, c.grads, ctx);
        await expectFixture(x.grad as Tensor, c.xGrad, ctx.tol('accumulation'));
        await expectFixture(memory.grad as Tensor, c.memoryGrad, ctx.tol('accumulation'));
      },
    })),
    ...f.encoder.map((c): SuiteCase => ({
      name: `TransformerEncoder matches PyTorch: ${c.name}`,
      run: async () => {
        const encoder = new TransformerEncoder(
          (i) => new TransformerEncoderLayer(c.dModel, c.numHeads, { dimFeedforward: c.dimFeedforward, dropout: 0, activation: 'gelu', normFirst: true, batchFirst: true, seed: 10 + i }),
          c.numLayers, { norm: new LayerNorm(c.dModel) },
        );
        loadPyTorchState(encoder, c.state);
        const x = input(c.x);
        const y = encoder.forward(x, { isCausal: true, srcKeyPaddingMask: boolFrom(c.keyPaddingMask) });
        await expectFixture(y, c.output, ctx.tol('accumulation'));
        await expectGradients(encoder, y, c.dy, c.grads, ctx);
        await expectFixture(x.grad as Tensor, c.xGrad, ctx.tol('accumulation'));
      },
    })),
    ...f.decoder.map((c): SuiteCase => ({
      name: `TransformerDecoder matches PyTorch: ${c.name}`,
      run: async () => {
        const decoder = new TransformerDecoder(
          (i) => new TransformerDecoderLayer(c.dModel, c.numHeads, { dimFeedforward: c.dimFeedforward, dropout: 0, batchFirst: true, seed: 30 + i }),
          c.numLayers, { norm: new LayerNorm(c.dModel) },
        );
        loadPyTorchState(decoder, c.state);
        const x = input(c.x);
        const memory = input(c.memory);
        const y = decoder.forward(x, memory, { tgtIsCausal: true, tgtKeyPaddingMask: boolFrom(c.tgtKeyPaddingMask) });
        await expectFixture(y, c.output, ctx.tol('accumulation'));
        await expectGradients(decoder, y, c.dy, c.grads, ctx);
        await expectFixture(x.grad as Tensor, c.xGrad, ctx.tol('accumulation'));
        await expectFixture(memory.grad as Tensor, c.memoryGrad, ctx.tol('accumulation'));
      },
    })),
    ...f.rmsNorm.map((c): SuiteCase => ({
      name: `RMSNorm matches PyTorch 2.4's formula: ${c.name}`,
      run: async () => {
        const norm = new RMSNorm(c.normalizedShape, c.eps === undefined ? {} : { eps: c.eps });
        norm.loadStateDict({ weight: fromFixture(c.weight) });
        const x = input(c.x);
        const y = norm.forward(x);
        await expectFixture(y, c.output, ctx.tol('accumulation'));
        await expectGradients(norm, y, c.dy, { weight: c.weightGrad }, ctx);
        await expectFixture(x.grad as Tensor, c.xGrad, ctx.tol('accumulation'));
      },
    })),
  ];
}
