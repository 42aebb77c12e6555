/** Typed view of the PyTorch attention fixtures (written by fixtures/make_attention_fixtures.py). */
import attentionJson from './fixtures/attention.json' with { type: 'json' };
import type { FixtureArray } from './helpers.js';

/** A state dict or gradient set under PyTorch's names. */
export type FixtureDict = Readonly<Record<string, FixtureArray>>;

/** A MultiheadAttention case: outputs, weights and gradients of L = Σ y ⊙ dy. */
export interface MhaFixture {
  readonly name: string;
  readonly embedDim: number;
  readonly numHeads: number;
  readonly batchFirst: boolean;
  readonly bias: boolean;
  readonly selfAttention: boolean;
  readonly averageAttnWeights: boolean;
  readonly state: FixtureDict;
  readonly query: FixtureArray;
  readonly key?: FixtureArray;
  readonly value?: FixtureArray;
  readonly attnMask?: FixtureArray;
  readonly attnMaskKind?: 'bool' | 'float';
  readonly keyPaddingMask?: FixtureArray;
  readonly output: FixtureArray;
  readonly weights: FixtureArray;
  readonly dy: FixtureArray;
  readonly grads: FixtureDict;
  readonly queryGrad: FixtureArray;
  readonly keyGrad?: FixtureArray;
  readonly valueGrad?: FixtureArray;
}

/** Fields every Transformer layer case has. */
interface TransformerFixtureBase {
  readonly name: string;
  readonly dModel: number;
  readonly numHeads: number;
  readonly dimFeedforward: number;
  readonly state: FixtureDict;
  readonly x: FixtureArray;
  readonly output: FixtureArray;
  readonly dy: FixtureArray;
  readonly grads: FixtureDict;
  readonly xGrad: FixtureArray;
}

/** A TransformerEncoderLayer case. */
export interface EncoderLayerFixture extends TransformerFixtureBase {
  readonly activation: 'relu' | 'gelu';
  readonly normFirst: boolean;
  readonly batchFirst: boolean;
  readonly causal: boolean;
  readonly keyPaddingMask?: FixtureArray;
}

/** A TransformerDecoderLayer case (batch first, causal target mask, memory padding). */
export interface DecoderLayerFixture extends TransformerFixtureBase {
  readonly activation: 'relu' | 'gelu';
  readonly normFirst: boolean;
  readonly memory: FixtureArray;
  readonly memoryKeyPaddingMask: FixtureArray;
  readonly memoryGrad: FixtureArray;
}

/** A TransformerEncoder case: pre-norm GELU layers, final LayerNorm, causal mask and padding. */
export interface EncoderFixture extends TransformerFixtureBase {
  readonly numLayers: number;
  readonly keyPaddingMask: FixtureArray;
}

/** A TransformerDecoder case: post-norm ReLU layers, final LayerNorm, causal target mask and target padding. */
export interface DecoderFixture extends TransformerFixtureBase {
  readonly numLayers: number;
  readonly memory: FixtureArray;
  readonly tgtKeyPaddingMask: FixtureArray;
  readonly memoryGrad: FixtureArray;
}

/** An RMSNorm case (PyTorch 2.4's formula in float64). */
export interface RmsNormFixture {
  readonly name: string;
  readonly normalizedShape: number[];
  readonly eps?: number;
  readonly x: FixtureArray;
  readonly weight: FixtureArray;
  readonly output: FixtureArray;
  readonly dy: FixtureArray;
  readonly weightGrad: FixtureArray;
  readonly xGrad: FixtureArray;
}

/** All attention fixtures. */
export const attentionFixtures = attentionJson as unknown as {
  readonly torchVersion: string;
  readonly multiheadAttention: readonly MhaFixture[];
  readonly encoderLayer: readonly EncoderLayerFixture[];
  readonly decoderLayer: readonly DecoderLayerFixture[];
  readonly encoder: readonly EncoderFixture[];
  readonly decoder: readonly DecoderFixture[];
  readonly rmsNorm: readonly RmsNormFixture[];
};
