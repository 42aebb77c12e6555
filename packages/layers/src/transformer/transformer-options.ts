/** What the Transformer encoder and decoder layers share: options, activation and the feed-forward block. */
import { ArgumentError, gelu, relu, type Tensor } from '@nabla/tensor-core';
import type { InitRngOptions } from '../init/rng-option.js';

/** The feed-forward activation, by PyTorch's names. */
export type TransformerActivation = 'relu' | 'gelu';

/** Options of `TransformerEncoderLayer` and `TransformerDecoderLayer` (PyTorch's defaults). */
export interface TransformerLayerOptions extends InitRngOptions {
  /** Hidden width of the feed-forward block (default 2048). */
  readonly dimFeedforward?: number;
  /** Dropout probability on attention weights and after each block, in training mode (default 0.1). */
  readonly dropout?: number;
  /** Feed-forward activation (default 'relu'; 'gelu' is the exact, erf-based GELU). */
  readonly activation?: TransformerActivation;
  /** LayerNorm epsilon (default 1e-5). */
  readonly layerNormEps?: number;
  /** Inputs and outputs are [N, T, E] instead of PyTorch's default [T, N, E] (default false). */
  readonly batchFirst?: boolean;
  /** Pre-norm blocks x + f(norm(x)) instead of post-norm norm(x + f(x)) (default false). */
  readonly normFirst?: boolean;
}

/** The options with PyTorch's defaults filled in and checked. */
export interface ResolvedTransformerOptions {
  /** Hidden width of the feed-forward block (a positive integer). */
  readonly dimFeedforward: number;
  /** Dropout probability in [0, 1), applied in training mode only. */
  readonly dropout: number;
  /** Feed-forward activation ('gelu' is the exact, erf-based GELU). */
  readonly activation: TransformerActivation;
  /** LayerNorm epsilon (> 0). */
  readonly layerNormEps: number;
  /** Whether inputs and outputs are [N, T, E] rather than [T, N, E]. */
  readonly batchFirst: boolean;
  /** Whether blocks are pre-norm x + f(norm(x)) rather than post-norm norm(x + f(x)). */
  readonly normFirst: boolean;
}

/** Check the sizes and fill in defaults; errors name `layer`. */
export function resolveTransformerOptions(layer: string, dModel: number, numHeads: number, o: TransformerLayerOptions): ResolvedTransformerOptions {
  const dimFeedforward = o.dimFeedforward ?? 2048;
  for (const [name, v] of [['dModel', dModel], ['numHeads', numHeads], ['dimFeedforward', dimFeedforward]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ArgumentError(layer, `${name} must be a positive integer, got ${v}`);
  }
  if (dModel % numHeads !== 0) throw new ArgumentError(layer, `dModel ${dModel} is not divisible by numHeads ${numHeads}`);
  const activation = o.activation ?? 'relu';
  if (activation !== 'relu' && activation !== 'gelu') throw new ArgumentError(layer, `activation must be 'relu' or 'gelu', got '${String(activation)}'`);
  const dropout = o.dropout ?? 0.1;
  if (!(dropout >= 0 && dropout <= 1)) throw new ArgumentError(layer, `dropout must be in [0, 1], got ${dropout}`);
  return {
    dimFeedforward, dropout, activation, layerNormEps: o.layerNormEps ?? 1e-5,
    batchFirst: o.batchFirst ?? false, normFirst: o.normFirst ?? false,
  };
}

/** The activation function by name: x [...] → same shape. */
export function activationFn(name: TransformerActivation): (x: Tensor) => Tensor {
  return name === 'gelu' ? gelu : relu;
}
