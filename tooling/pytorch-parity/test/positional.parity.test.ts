/**
 * The layers torch 1.13 has no class for — RMSNorm (torch 2.4's nn.RMSNorm), the learned,
 * sinusoidal and rotary position embeddings — against the published formulas written with torch
 * ops in the call: y = x / √(mean(x²) + eps) · weight with eps = torch.finfo(dtype).eps;
 * x + W[offset:offset+T]; PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(…); RoPE
 * x·cos φ + turn(x)·sin φ with φ = p · 10000^(−2i/d), halves paired (GPT-NeoX) or neighbours
 * (interleaved). Parameters (RMSNorm's weight, the learned table) are Nabla's, loaded strictly.
 */
import { LearnedPositionalEmbedding, RMSNorm, RotaryEmbedding, SinusoidalPositionalEmbedding } from '@nabla/layers';
import { forwardCase, type ForwardCase } from '../src/index.js';
import { draw } from './inputs.js';
import { paritySuite } from './parity-suite.js';

/** φ [T, d/2] of positions offset … offset + T − 1 in float64, as a Python expression. */
const angles = (offset: number, t: number, dim: number): string =>
  `torch.arange(${offset}, ${offset + t}, dtype=torch.float64)[:, None] * 10000.0 ** (-2 * torch.arange(${dim / 2}, dtype=torch.float64) / ${dim})`;

/** RMSNorm's reference over the last `axes` dims, eps = torch.finfo(x.dtype).eps unless given. */
const rms = (axes: number, eps?: number): string => {
  const dims = Array.from({ length: axes }, (_, i) => -1 - i).join(', ');
  return `x * torch.rsqrt(x.pow(2).mean((${dims},), keepdim=True) + ${eps ?? 'torch.finfo(x.dtype).eps'})`;
};

/** A parameter-only torch module holding `weight` of `shape` (load_state_dict fills it). */
const weightHolder = (shape: readonly number[]): string => `nn.ParameterDict({'weight': nn.Parameter(torch.empty(${shape.join(', ')}))})`;

const cases: ForwardCase[] = [
  forwardCase({
    id: 'RMSNorm(8) (torch 2.4 nn.RMSNorm formula, machine epsilon)',
    build: () => { const m = new RMSNorm(8); m.weight?.assign(draw(201).uniform([8], 0.5, 1.5)); return m; },
    torchModule: weightHolder([8]), torchCall: `${rms(1)} * m['weight']`,
    call: (m, { x }) => (m as RMSNorm).forward(x), inputs: () => ({ x: draw(202).normal([2, 3, 8]) }), grads: ['x'],
  }),
  forwardCase({
    id: 'RMSNorm([3,4]) eps 1e-5, no affine',
    build: () => new RMSNorm([3, 4], { eps: 1e-5, elementwiseAffine: false }), torchCall: rms(2, 1e-5),
    call: (m, { x }) => (m as RMSNorm).forward(x), inputs: () => ({ x: draw(203).normal([2, 3, 4]) }), grads: ['x'],
  }),
  forwardCase({
    id: 'LearnedPositionalEmbedding(6, 8) at offset 1',
    build: () => new LearnedPositionalEmbedding(6, 8, { seed: 204 }), torchModule: weightHolder([6, 8]), torchCall: "x + m['weight'][1:5]",
    call: (m, { x }) => (m as LearnedPositionalEmbedding).forward(x, 1), inputs: () => ({ x: draw(205).normal([2, 4, 8]) }), grads: ['x'],
  }),
  forwardCase({
    id: 'SinusoidalPositionalEmbedding(8) at offset 3',
    build: () => new SinusoidalPositionalEmbedding(8),
    torchCall: `(lambda phi: x + torch.stack([phi.sin(), phi.cos()], -1).flatten(-2).to(x.dtype))(${angles(3, 5, 8)})`,
    call: (m, { x }) => (m as SinusoidalPositionalEmbedding).forward(x, 3), inputs: () => ({ x: draw(206).normal([2, 5, 8]) }), grads: ['x'],
  }),
  forwardCase({
    id: 'RotaryEmbedding(8) halves paired, at offset 2',
    build: () => new RotaryEmbedding(8, { maxLength: 16 }),
    torchCall: `(lambda phi: x * phi.cos().repeat(1, 2).to(x.dtype) + torch.cat([-x[..., 4:], x[..., :4]], -1) * phi.sin().repeat(1, 2).to(x.dtype))(${angles(2, 5, 8)})`,
    call: (m, { x }) => (m as RotaryEmbedding).forward(x, 2), inputs: () => ({ x: draw(207).normal([2, 3, 5, 8]) }), grads: ['x'],
  }),
  forwardCase({
    id: 'RotaryEmbedding(8) interleaved',
    build: () => new RotaryEmbedding(8, { maxLength: 16, interleaved: true }),
    torchCall: `(lambda phi: x * phi.cos().repeat_interleave(2, -1).to(x.dtype) + torch.stack([-x[..., 1::2], x[..., 0::2]], -1).flatten(-2) * phi.sin().repeat_interleave(2, -1).to(x.dtype))(${angles(0, 6, 8)})`,
    call: (m, { x }) => (m as RotaryEmbedding).forward(x), inputs: () => ({ x: draw(208).normal([2, 6, 8]) }), grads: ['x'],
  }),
];

paritySuite('norms and position embeddings', cases);
