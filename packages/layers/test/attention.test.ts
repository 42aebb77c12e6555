/**
 * Attention and Transformer layers in @nabla/layers: typed errors for bad input (naming the layer
 * and the shapes), layouts (unbatched, batch-first, per-head weights), dropout, state dicts through
 * safetensors, and ONNX export checked in ONNX Runtime. Values against PyTorch live in the
 * conformance suite (tooling/backend-conformance/src/layers/attention.ts).
 */
import '@nabla/backend-js';
import { ArgumentError, DTypeError, Rng, ShapeError, concat, permute, randn, setBackend, squeeze, tensor, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  KVCache, LayerNorm, LearnedPositionalEmbedding, Module, MultiheadAttention, RMSNorm, RotaryEmbedding, SinusoidalPositionalEmbedding,
  TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer, encodeSafetensors,
} from '../src/index.js';
import { exportOnnx, importSafetensors } from '../src/interop/index.js';
import { expectOrtMatches } from './interop/onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(3);
const normal = (shape: number[]): Tensor => randn(shape, 0, 1, { rng });

function maxDiff(a: Tensor, b: Tensor): number {
  const x = a.dataSync() as Float32Array;
  const y = b.dataSync() as Float32Array;
  expect(x.length).toBe(y.length);
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
}

describe('typed errors name the layer and the shapes', () => {
  it('a head count that does not divide the embedding', () => {
    expect(() => new MultiheadAttention(10, 3)).toThrow(ArgumentError);
    expect(() => new MultiheadAttention(10, 3)).toThrow('MultiheadAttention: embedDim 10 is not divisible by numHeads 3');
    expect(() => new TransformerEncoderLayer(10, 4)).toThrow('TransformerEncoderLayer: dModel 10 is not divisible by numHeads 4');
    expect(() => new TransformerDecoderLayer(6, 4)).toThrow('TransformerDecoderLayer: dModel 6 is not divisible by numHeads 4');
    expect(() => new MultiheadAttention(8, 2, { rotary: new RotaryEmbedding(8, { maxLength: 4 }) })).toThrow(/rotary embeddings of dim 8 do not fit heads of size 4/);
  });

  it('masks of the wrong shape or dtype', () => {
    const mha = new MultiheadAttention(8, 2, { batchFirst: true, seed: 1 });
    const x = normal([2, 3, 8]);
    const call = (options: Parameters<MultiheadAttention['forward']>[3]): unknown => mha.forward(x, x, x, options);
    expect(() => call({ attnMask: tensor([[true, false], [false, true]]) })).toThrow(ShapeError);
    expect(() => call({ attnMask: tensor([[true, false], [false, true]]) }))
      .toThrow('MultiheadAttention: attnMask [2,2] must be [L, S] = [3,3] or [N·H, L, S] = [4,3,3]');
    expect(() => call({ attnMask: normal([2, 3, 3]) })).toThrow(/attnMask \[2,3,3\] must be/);
    expect(() => call({ keyPaddingMask: tensor([[false, false, true]]) })).toThrow('MultiheadAttention: keyPaddingMask [1,3] must be [N, S] = [2,3]');
    expect(() => call({ attnMask: tensor([[0, 1, 0], [0, 0, 1], [1, 0, 0]], undefined, 'int32') })).toThrow(DTypeError);
    expect(() => call({ attnMask: tensor([[0, 1, 0], [0, 0, 1], [1, 0, 0]], undefined, 'int32') })).toThrow(/attnMask must be bool .* got int32 \[3,3\]/);
    const enc = new TransformerEncoderLayer(8, 2, { dimFeedforward: 8, batchFirst: true, seed: 2 });
    expect(() => enc.forward(x, { srcMask: tensor([[true]]) })).toThrow('MultiheadAttention: attnMask [1,1] must be [L, S] = [3,3] or [N·H, L, S] = [4,3,3]');
  });

  it('inputs that do not fit', () => {
    const mha = new MultiheadAttention(8, 2, { seed: 1 });
    expect(() => mha.forward(normal([3, 2, 6]), normal([3, 2, 6]), normal([3, 2, 6]))).toThrow(/MultiheadAttention: the last dimension must be embedDim 8; got query \[3,2,6\]/);
    expect(() => mha.forward(normal([3, 2, 8]), normal([4, 2, 8]), normal([5, 2, 8]))).toThrow(/key and value must have the same length S/);
    expect(() => mha.forward(normal([3, 2, 8]), normal([4, 3, 8]), normal([4, 3, 8]))).toThrow(/same batch size N \(\[L, N, E\]\)/);
    expect(() => mha.forward(normal([3, 8]), normal([4, 2, 8]), normal([4, 2, 8]))).toThrow(/all be batched \(rank 3\) or all unbatched/);
    expect(() => new RMSNorm(4).forward(normal([2, 3]))).toThrow('RMSNorm: input [2,3] must end in [4]');
  });

  it('a sequence longer than the block size or the position table, and KV cache overflow', () => {
    const x = normal([2, 9, 4]);
    expect(() => new LearnedPositionalEmbedding(8, 4).forward(x)).toThrow(ShapeError);
    expect(() => new LearnedPositionalEmbedding(8, 4).forward(x)).toThrow('LearnedPositionalEmbedding: positions 0…8 of input [2,9,4] exceed the position table of maxLength 8');
    expect(() => new SinusoidalPositionalEmbedding(4, { maxLength: 8 }).forward(x)).toThrow(/SinusoidalPositionalEmbedding: positions 0…8 of input \[2,9,4\]/);
    expect(() => new RotaryEmbedding(4, { maxLength: 10 }).forward(x, 2)).toThrow(/RotaryEmbedding: positions 2…10 of input \[2,9,4\] exceed the position table of maxLength 10/);
    const cache = new KVCache(4);
    cache.append(normal([1, 2, 3, 4]), normal([1, 2, 3, 4]));
    expect(() => cache.append(normal([1, 2, 2, 4]), normal([1, 2, 2, 4]))).toThrow('KVCache: appending 2 steps [1,2,2,4] to 3 cached ones overflows maxLength 4');
    expect(() => cache.append(normal([1, 3, 1, 4]), normal([1, 3, 1, 4]))).toThrow(/KVCache: new keys \[1,3,1,4\] .* do not continue the cached \[1,2,3,4\]/);
    expect(cache.length).toBe(3);
    cache.dispose();
  });
});

describe('MultiheadAttention layouts and modes', () => {
  it('unbatched, batch-first and sequence-first inputs agree; per-head weights average to the returned weights', () => {
    const seqFirst = new MultiheadAttention(8, 4, { seed: 5 });
    const batchFirst = new MultiheadAttention(8, 4, { batchFirst: true, seed: 6 });
    batchFirst.loadStateDict(seqFirst.stateDict());
    const q = normal([2, 3, 8]);
    const kv = normal([2, 5, 8]);
    const a = batchFirst.forward(q, kv, kv, { averageAttnWeights: false });
    const b = seqFirst.forward(permute(q, 1, 0, 2), permute(kv, 1, 0, 2), permute(kv, 1, 0, 2));
    expect(maxDiff(a.output, permute(b.output, 1, 0, 2))).toBeLessThan(1e-6);
    expect(a.weights?.shape).toEqual([2, 4, 3, 5]);
    expect(maxDiff((a.weights as Tensor).mean(1), b.weights as Tensor)).toBeLessThan(1e-6);
    const row = (a.weights as Tensor).sum(-1).dataSync();
    for (const v of row) expect(v).toBeCloseTo(1, 5);
    const single = batchFirst.forward(q.slice([1, 0, 0], [1, 3, 8]).squeeze(0), kv.slice([1, 0, 0], [1, 5, 8]).squeeze(0), kv.slice([1, 0, 0], [1, 5, 8]).squeeze(0));
    expect(single.output.shape).toEqual([3, 8]);
    expect(single.weights?.shape).toEqual([3, 5]);
    expect(maxDiff(single.output, squeeze(a.output.slice([1, 0, 0], [1, 3, 8]), 0))).toBeLessThan(1e-6);
    const fast = batchFirst.forward(q, kv, kv, { needWeights: false });
    expect(fast.weights).toBeNull();
    expect(maxDiff(fast.output, a.output)).toBeLessThan(1e-6);
  });

  it('a bool mask blocks exactly what the equivalent −∞ float mask blocks, and padding drops a key', () => {
    const mha = new MultiheadAttention(4, 1, { batchFirst: true, seed: 7 });
    const x = normal([1, 3, 4]);
    const bool = tensor([[false, true, true], [false, false, true], [false, false, false]]);
    const float = tensor([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    const a = mha.forward(x, x, x, { attnMask: bool });
    const b = mha.forward(x, x, x, { attnMask: float });
    const c = mha.forward(x, x, x, { isCausal: true });
    expect(maxDiff(a.output, b.output)).toBe(0);
    expect(maxDiff(a.output, c.output)).toBe(0);
    expect(Array.from((a.weights as Tensor).dataSync()).slice(0, 3).map((v) => Number(v.toFixed(6)))).toEqual([1, 0, 0]);
    const padded = mha.forward(x, x, x, { keyPaddingMask: tensor([[false, false, true]]) }).weights as Tensor;
    for (let i = 0; i < 3; i++) expect(padded.dataSync()[i * 3 + 2]).toBe(0);
  });

  it('causal calls without weights take the fused causal kernel and match the masked composite, with and without a KV cache', () => {
    const mha = new MultiheadAttention(8, 2, { batchFirst: true, seed: 9 });
    const x = normal([2, 5, 8]);
    const masked = mha.forward(x, x, x, { isCausal: true }).output;
    const fused = mha.forward(x, x, x, { isCausal: true, needWeights: false });
    expect(fused.weights).toBeNull();
    expect(maxDiff(fused.output, masked)).toBeLessThan(1e-6);
    // step by step through a cache: one query per call sees every cached key
    const cache = new KVCache(5);
    const steps = [0, 1, 2, 3, 4].map((t) => {
      const xt = x.slice([0, t, 0], [2, 1, 8]);
      return mha.forward(xt, xt, xt, { isCausal: true, needWeights: false, cache }).output;
    });
    expect(maxDiff(concat(steps, 1), masked)).toBeLessThan(1e-5);
    cache.dispose();
  });

  it('KVCache writes each step into one full-capacity storage in place (no per-step reallocation)', () => {
    const cache = new KVCache(4);
    const a = normal([1, 2, 3, 2]);
    const b = normal([1, 2, 1, 2]);
    const first = cache.append(a, a);
    const storage = first.keys;
    expect(storage.shape).toEqual([1, 2, 4, 2]);
    expect(first.length).toBe(3);
    const second = cache.append(b, b);
    expect(second.keys).toBe(storage);
    expect(second.length).toBe(4);
    const want = [...a.dataSync()];
    const got = storage.dataSync();
    for (let h = 0; h < 2; h++) {
      for (let t = 0; t < 4; t++) {
        for (let d = 0; d < 2; d++) {
          const expected = t < 3 ? want[(h * 3 + t) * 2 + d] : b.dataSync()[h * 2 + d];
          expect(got[(h * 4 + t) * 2 + d]).toBe(expected);
        }
      }
    }
    cache.reset();
    expect(cache.length).toBe(0);
    expect(cache.append(b, b).keys).toBe(storage);
    cache.dispose();
    expect(cache.keys).toBeNull();
  });

  it('dropout zeroes attention weights in training only (p = 1: the output is out_proj.bias)', () => {
    const mha = new MultiheadAttention(4, 2, { dropout: 1, batchFirst: true, seed: 8 });
    mha.getParameter('out_proj.bias').assign(tensor([1, 2, 3, 4]));
    const x = normal([1, 2, 4]);
    expect(Array.from(mha.forward(x, x, x).output.dataSync())).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    mha.eval();
    expect(Array.from(mha.forward(x, x, x).output.dataSync())).not.toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it('initialises like PyTorch: in_proj_weight Xavier-uniform, biases zero', () => {
    const mha = new MultiheadAttention(64, 4, { seed: 9 });
    const w = mha.getParameter('in_proj_weight').dataSync();
    const bound = Math.sqrt(6 / (64 + 192));
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...Array.from(w, Math.abs))).toBeGreaterThan(0.95 * bound);
    expect(Array.from(mha.getParameter('in_proj_bias').dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(mha.getParameter('out_proj.bias').dataSync()).every((v) => v === 0)).toBe(true);
    expect(Object.keys(new MultiheadAttention(8, 2, { bias: false }).stateDict())).toEqual(['in_proj_weight', 'out_proj.weight']);
  });
});

describe('TransformerDecoder', () => {
  it('incremental decoding with one KV cache per layer equals the full causal pass; cache count is checked', () => {
    const dec = new TransformerDecoder((i) => new TransformerDecoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true, normFirst: true, seed: 40 + i }), 2, { norm: new RMSNorm(8) });
    expect(Object.keys(dec.stateDict())).toContain('layers.1.multihead_attn.out_proj.bias');
    expect(Object.keys(dec.stateDict())).toContain('norm.weight');
    const tgt = normal([2, 4, 8]);
    const memory = normal([2, 5, 8]);
    const full = dec.forward(tgt, memory, { tgtIsCausal: true });
    const caches = KVCache.forLayers(2, 4);
    const steps = [0, 1, 2, 3].map((t) => dec.forward(tgt.slice([0, t, 0], [2, 1, 8]), memory, { tgtIsCausal: true, caches }));
    expect(maxDiff(concat(steps, 1), full)).toBeLessThan(1e-5);
    expect(() => dec.forward(tgt, memory, { caches: [caches[0]] })).toThrow('TransformerDecoder: got 1 KV caches for 2 layers');
    caches.forEach((c) => c.dispose());
  });
});

describe('state dicts move both ways', () => {
  it('a TransformerEncoder through safetensors: PyTorch names, identical outputs after import', async () => {
    const make = (seed: number): TransformerEncoder => new TransformerEncoder(
      (i) => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true, seed: seed + i }), 2, { norm: new LayerNorm(8) },
    );
    const source = make(1);
    const target = make(100);
    expect(Object.keys(source.stateDict())).toEqual([
      ...[0, 1].flatMap((i) => [
        'self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', 'self_attn.out_proj.bias',
        'linear1.weight', 'linear1.bias', 'linear2.weight', 'linear2.bias', 'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias',
      ].map((k) => `layers.${i}.${k}`)),
      'norm.weight', 'norm.bias',
    ]);
    const bytes = await encodeSafetensors(source.stateDict());
    importSafetensors(target, bytes);
    const x = normal([2, 4, 8]);
    expect(maxDiff(source.forward(x, { isCausal: true }), target.forward(x, { isCausal: true }))).toBe(0);
  });

  it('parameter-free layers keep nothing in the state dict', () => {
    expect(Object.keys(new RotaryEmbedding(4, { maxLength: 4 }).stateDict())).toEqual([]);
    expect(Object.keys(new SinusoidalPositionalEmbedding(4).stateDict())).toEqual([]);
    expect(Object.keys(new RMSNorm([2, 3]).stateDict())).toEqual(['weight']);
    expect(new RMSNorm(3, { elementwiseAffine: false }).parameters()).toHaveLength(0);
  });
});

describe('ONNX export (composite ops), checked in ONNX Runtime', () => {
  it('a post-norm GELU TransformerEncoderLayer', async () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, activation: 'gelu', seed: 11 }).eval();
    const x = normal([2, 5, 8]);
    const bytes = exportOnnx(layer, x);
    await expectOrtMatches(bytes, { input: x }, layer.forward(x));
  });

  it('a pre-norm causal GPT block stack with RMSNorm, learned positions and a decoder layer', async () => {
    class TinyGpt extends Module {
      pos = new LearnedPositionalEmbedding(6, 8, { seed: 12 });
      blocks = new TransformerEncoder((i) => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, normFirst: true, batchFirst: true, seed: 13 + i }), 2, { norm: new RMSNorm(8) });
      forward(x: Tensor): Tensor {
        return this.blocks.forward(this.pos.forward(x), { isCausal: true });
      }
    }
    const model = new TinyGpt().eval();
    const x = normal([1, 6, 8]);
    await expectOrtMatches(exportOnnx(model, x), { input: x }, model.forward(x));
    class Seq2Seq extends Module<[Tensor, Tensor], Tensor> {
      dec = new TransformerDecoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, seed: 20 });
      forward(tgt: Tensor, memory: Tensor): Tensor {
        return this.dec.forward(tgt, memory, { tgtIsCausal: true });
      }
    }
    const s2s = new Seq2Seq().eval();
    const tgt = normal([2, 3, 8]);
    const memory = normal([2, 4, 8]);
    await expectOrtMatches(exportOnnx(s2s, [tgt, memory], { inputNames: ['tgt', 'memory'] }), { tgt, memory }, s2s.forward(tgt, memory));
  });
});
