/**
 * The attention and Transformer layers of @nabla/layers against torch.nn (PyTorch 1.13): the same
 * weights (Nabla's, loaded with load_state_dict(strict=True)) and inputs give the same outputs,
 * attention weights, and input and parameter gradients. Bool masks travel as int32 0/1 inputs
 * (int64 in torch) and are cast to bool on both sides.
 */
import {
  LayerNorm, MultiheadAttention, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer,
} from '@nabla/layers';
import { cast, tensor, type Tensor } from '@nabla/tensor-core';
import { forwardCase, type ForwardCase } from '../src/index.js';
import { draw } from './inputs.js';
import { paritySuite } from './parity-suite.js';

/** PyTorch's bool causal mask [L, S] (true above the diagonal: may not attend). */
const torchCausal = (l: number, s: number): string => `torch.triu(torch.ones(${l}, ${s}, dtype=torch.bool), 1)`;

/** Key padding [N, S] as int32 0/1: the last key of sample 0 and the second-to-last of sample 1 are padding. */
function padding(n: number, s: number): Tensor {
  const data = new Int32Array(n * s);
  data[s - 1] = 1;
  if (n > 1) data[s + s - 2] = 1;
  return tensor(data, [n, s], 'int32');
}

const mha = (m: unknown): MultiheadAttention => m as MultiheadAttention;

const cases: ForwardCase[] = [
  forwardCase({
    id: 'MultiheadAttention(8, 2) self-attention, batch first, averaged weights',
    build: () => new MultiheadAttention(8, 2, { batchFirst: true, seed: 1 }), torchModule: 'nn.MultiheadAttention(8, 2, batch_first=True)',
    torchCall: 'm(x, x, x)',
    call: (m, { x }) => mha(m).forward(x, x, x) as unknown as Record<string, Tensor>,
    inputs: () => ({ x: draw(101).normal([2, 5, 8]) }), grads: ['x'],
  }),
  forwardCase({
    id: 'MultiheadAttention(8, 4) cross-attention, sequence first, key padding and causal bool masks',
    build: () => new MultiheadAttention(8, 4, { seed: 2 }), torchModule: 'nn.MultiheadAttention(8, 4)',
    torchCall: `m(q, k, v, key_padding_mask=kpm.bool(), attn_mask=${torchCausal(3, 4)})`,
    call: (m, { q, k, v, kpm }) => mha(m).forward(q, k, v, { keyPaddingMask: cast(kpm, 'bool'), isCausal: true }) as unknown as Record<string, Tensor>,
    inputs: () => { const d = draw(102); return { q: d.normal([3, 2, 8]), k: d.normal([4, 2, 8]), v: d.normal([4, 2, 8]), kpm: padding(2, 4) }; },
    grads: ['q', 'k', 'v'],
  }),
  forwardCase({
    id: 'MultiheadAttention(6, 3) float 3-D mask, per-head weights, no bias',
    build: () => new MultiheadAttention(6, 3, { batchFirst: true, bias: false, seed: 3 }), torchModule: 'nn.MultiheadAttention(6, 3, bias=False, batch_first=True)',
    torchCall: 'm(q, kv, kv, attn_mask=fm, average_attn_weights=False)',
    call: (m, { q, kv, fm }) => mha(m).forward(q, kv, kv, { attnMask: fm, averageAttnWeights: false }) as unknown as Record<string, Tensor>,
    inputs: () => { const d = draw(103); return { q: d.normal([2, 4, 6]), kv: d.normal([2, 5, 6]), fm: d.normal([6, 4, 5]) }; },
    grads: ['q', 'kv'],
  }),
  forwardCase({
    id: 'MultiheadAttention(8, 2) without weights (scaledDotProductAttention path)',
    build: () => new MultiheadAttention(8, 2, { batchFirst: true, seed: 4 }), torchModule: 'nn.MultiheadAttention(8, 2, batch_first=True)',
    torchCall: 'm(q, kv, kv, need_weights=False)[0]',
    call: (m, { q, kv }) => mha(m).forward(q, kv, kv, { needWeights: false }).output,
    inputs: () => { const d = draw(104); return { q: d.normal([2, 3, 8]), kv: d.normal([2, 6, 8]) }; }, grads: ['q', 'kv'],
  }),
  forwardCase({
    id: 'TransformerEncoderLayer post-norm ReLU, sequence first, key padding',
    build: () => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, seed: 5 }), torchModule: 'nn.TransformerEncoderLayer(8, 2, 16)',
    torchCall: 'm(x, src_key_padding_mask=kpm.bool())',
    call: (m, { x, kpm }) => (m as TransformerEncoderLayer).forward(x, { srcKeyPaddingMask: cast(kpm, 'bool') }),
    inputs: () => ({ x: draw(105).normal([5, 2, 8]), kpm: padding(2, 5) }), grads: ['x'],
  }),
  forwardCase({
    id: 'TransformerEncoderLayer pre-norm GELU, batch first, causal',
    build: () => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, activation: 'gelu', normFirst: true, batchFirst: true, seed: 6 }),
    torchModule: "nn.TransformerEncoderLayer(8, 2, 16, activation='gelu', norm_first=True, batch_first=True)",
    torchCall: `m(x, src_mask=${torchCausal(5, 5)})`,
    call: (m, { x }) => (m as TransformerEncoderLayer).forward(x, { isCausal: true }),
    inputs: () => ({ x: draw(106).normal([2, 5, 8]) }), grads: ['x'],
  }),
  forwardCase({
    id: 'TransformerDecoderLayer post-norm ReLU, causal target, memory padding',
    build: () => new TransformerDecoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, seed: 7 }),
    torchModule: 'nn.TransformerDecoderLayer(8, 2, 16, batch_first=True)',
    torchCall: `m(x, mem, tgt_mask=${torchCausal(3, 3)}, memory_key_padding_mask=kpm.bool())`,
    call: (m, { x, mem, kpm }) => (m as TransformerDecoderLayer).forward(x, mem, { tgtIsCausal: true, memoryKeyPaddingMask: cast(kpm, 'bool') }),
    inputs: () => { const d = draw(107); return { x: d.normal([2, 3, 8]), mem: d.normal([2, 4, 8]), kpm: padding(2, 4) }; }, grads: ['x', 'mem'],
  }),
  forwardCase({
    id: 'TransformerEncoder 2 pre-norm GELU layers + LayerNorm, causal',
    build: () => new TransformerEncoder((i) => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, activation: 'gelu', normFirst: true, batchFirst: true, seed: 8 + i }), 2, { norm: new LayerNorm(8) }),
    torchModule: "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, activation='gelu', norm_first=True, batch_first=True), 2, norm=nn.LayerNorm(8), enable_nested_tensor=False)",
    torchCall: `m(x, mask=${torchCausal(4, 4)})`,
    call: (m, { x }) => (m as TransformerEncoder).forward(x, { isCausal: true }),
    inputs: () => ({ x: draw(108).normal([2, 4, 8]) }), grads: ['x'],
  }),
  forwardCase({
    id: 'TransformerDecoder 2 post-norm layers + LayerNorm, target padding',
    build: () => new TransformerDecoder((i) => new TransformerDecoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, seed: 10 + i }), 2, { norm: new LayerNorm(8) }),
    torchModule: 'nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, batch_first=True), 2, norm=nn.LayerNorm(8))',
    torchCall: 'm(x, mem, tgt_key_padding_mask=kpm.bool())',
    call: (m, { x, mem, kpm }) => (m as TransformerDecoder).forward(x, mem, { tgtKeyPaddingMask: cast(kpm, 'bool') }),
    inputs: () => { const d = draw(109); return { x: d.normal([2, 3, 8]), mem: d.normal([2, 5, 8]), kpm: padding(2, 3) }; }, grads: ['x', 'mem'],
  }),
];

paritySuite('attention', cases);
