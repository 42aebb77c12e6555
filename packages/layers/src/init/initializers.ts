/**
 * Weight initialisers in the spirit of torch.nn.init. Each returns an `Initializer`, a function
 * from a shape and an `Rng` to a fresh float32 tensor; values are drawn on the host, so the same
 * seed gives the same weights on every backend.
 */
import { ArgumentError, tensor, type Rng, type Tensor } from '@nabla/tensor-core';
import { calculateGain, computeFans, type Nonlinearity } from './fans.js';
import { orthonormalizeColumns } from './orthogonal.js';

/** Makes a tensor of `shape` with values drawn from `rng`. */
export type Initializer = (shape: readonly number[], rng: Rng) => Tensor;

/** Which fan He/Kaiming scales by. */
export type FanMode = 'fanIn' | 'fanOut';

/** Options of the He/Kaiming initialisers. */
export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (0 for ReLU). */
  readonly a?: number;
  /** Preserve the variance of the forward pass ('fanIn', default) or of the backward pass. */
  readonly mode?: FanMode;
  /** The nonlinearity that follows (default 'leakyRelu' with slope `a`, i.e. ReLU when a = 0). */
  readonly nonlinearity?: Nonlinearity;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function fromHost(shape: readonly number[], fill: (i: number) => number): Tensor {
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = fill(i);
  return tensor(values, [...shape]);
}

/** All zeros. */
export function zerosInit(): Initializer {
  return (shape) => fromHost(shape, () => 0);
}

/** All ones. */
export function onesInit(): Initializer {
  return (shape) => fromHost(shape, () => 1);
}

/** Every element equal to `value`. */
export function constantInit(value: number): Initializer {
  return (shape) => fromHost(shape, () => value);
}

/** Uniform on [low, high). */
export function uniformInit(low = 0, high = 1): Initializer {
  if (!(high >= low)) throw new ArgumentError('uniformInit', `high ${high} must be >= low ${low}`);
  return (shape, rng) => fromHost(shape, () => low + (high - low) * rng.uniform());
}

/** Normal with the given mean and standard deviation. */
export function normalInit(mean = 0, std = 1): Initializer {
  if (!(std >= 0)) throw new ArgumentError('normalInit', `std must be >= 0, got ${std}`);
  return (shape, rng) => fromHost(shape, () => mean + std * rng.normal());
}

/** Glorot/Xavier uniform: U(−b, b), b = gain·√(6 / (fanIn + fanOut)). */
export function glorotUniform(gain = 1): Initializer {
  return (shape, rng) => {
    const [fanIn, fanOut] = computeFans(shape);
    const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
    return uniformInit(-bound, bound)(shape, rng);
  };
}

/** Glorot/Xavier normal: N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)). */
export function glorotNormal(gain = 1): Initializer {
  return (shape, rng) => {
    const [fanIn, fanOut] = computeFans(shape);
    return normalInit(0, gain * Math.sqrt(2 / (fanIn + fanOut)))(shape, rng);
  };
}

function kaimingStd(shape: readonly number[], options: KaimingOptions): number {
  const a = options.a ?? 0;
  const [fanIn, fanOut] = computeFans(shape);
  const fan = (options.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  const gain = calculateGain(options.nonlinearity ?? 'leakyRelu', a);
  return gain / Math.sqrt(fan);
}

/** He/Kaiming uniform: U(−b, b), b = gain·√(3 / fan). With a = √5 it is PyTorch's Linear/Conv default, U(±1/√fanIn). */
export function heUniform(options: KaimingOptions = {}): Initializer {
  return (shape, rng) => {
    const bound = Math.sqrt(3) * kaimingStd(shape, options);
    return uniformInit(-bound, bound)(shape, rng);
  };
}

/** He/Kaiming normal: N(0, σ²), σ = gain / √fan. */
export function heNormal(options: KaimingOptions = {}): Initializer {
  return (shape, rng) => normalInit(0, kaimingStd(shape, options))(shape, rng);
}

/** Aliases with PyTorch's names. */
export const xavierUniform = glorotUniform;
/** Alias of glorotNormal. */
export const xavierNormal = glorotNormal;
/** Alias of heUniform. */
export const kaimingUniform = heUniform;
/** Alias of heNormal. */
export const kaimingNormal = heNormal;

/**
 * (Semi-)orthogonal matrix, as PyTorch's orthogonal_: a Gaussian matrix of shape
 * [shape[0], ∏shape[1:]] is orthonormalised by QR (Gram–Schmidt on the host) and scaled by `gain`.
 * Rows are orthonormal when rows ≤ cols, columns otherwise. Suits recurrent weights.
 */
export function orthogonalInit(gain = 1): Initializer {
  return (shape, rng) => {
    if (shape.length < 2) throw new ArgumentError('orthogonalInit', `needs rank >= 2, got shape [${shape.join(',')}]`);
    const rows = shape[0];
    const cols = sizeOf(shape) / rows;
    const tall = rows >= cols;
    const [r, c] = tall ? [rows, cols] : [cols, rows];
    const q = new Float64Array(r * c);
    for (let i = 0; i < q.length; i++) q[i] = rng.normal();
    orthonormalizeColumns(q, r, c);
    // q is [r, c]; when the target is wide, the target is qᵀ
    return fromHost(shape, (i) => {
      const row = Math.floor(i / cols);
      const col = i % cols;
      return gain * (tall ? q[row * c + col] : q[col * c + row]);
    });
  };
}

/** PyTorch's default for Linear/Conv weights and biases and all recurrent weights: U(−1/√fan, 1/√fan). */
export function fanUniform(fan: number): Initializer {
  const bound = fan > 0 ? 1 / Math.sqrt(fan) : 0;
  return uniformInit(-bound, bound);
}
