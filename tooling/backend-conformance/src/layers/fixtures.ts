/** Typed views of the committed JSON fixtures (written by fixtures/make_fixtures.py). */
import convJson from './fixtures/conv.json' with { type: 'json' };
import poolJson from './fixtures/pool.json' with { type: 'json' };
import recurrentJson from './fixtures/recurrent.json' with { type: 'json' };
import batchNormJson from './fixtures/batch_norm.json' with { type: 'json' };
import layerNormJson from './fixtures/layer_norm.json' with { type: 'json' };
import type { FixtureArray } from './helpers.js';

/** A Conv2d reference case. */
export interface Conv2dFixture {
  readonly name: string;
  readonly stride: [number, number];
  readonly padding: [number, number, number, number];
  readonly dilation: [number, number];
  readonly x: FixtureArray;
  readonly weight: FixtureArray;
  readonly bias?: FixtureArray;
  readonly y: FixtureArray;
}

/** A Conv1d reference case. */
export interface Conv1dFixture {
  readonly name: string;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly x: FixtureArray;
  readonly weight: FixtureArray;
  readonly bias: FixtureArray;
  readonly y: FixtureArray;
}

/** A pooling reference case. */
export interface PoolFixture {
  readonly name: string;
  readonly kind: 'max' | 'avg';
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number, number, number];
  readonly x: FixtureArray;
  readonly y: FixtureArray;
}

/** A recurrent reference case (RNN, LSTM or GRU). */
export interface RecurrentFixture {
  readonly name: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly withState: boolean;
  readonly x: FixtureArray;
  readonly params: Readonly<Record<string, FixtureArray>>;
  readonly h0?: FixtureArray;
  readonly c0?: FixtureArray;
  readonly output: FixtureArray;
  readonly h: FixtureArray;
  readonly c?: FixtureArray;
}

/** A batch-norm reference: two training steps then one eval step. */
export interface BatchNormFixture {
  readonly name: string;
  readonly numFeatures: number;
  readonly weight: FixtureArray;
  readonly bias: FixtureArray;
  readonly train: readonly { readonly x: FixtureArray; readonly y: FixtureArray; readonly runningMean: FixtureArray; readonly runningVar: FixtureArray }[];
  readonly evalX: FixtureArray;
  readonly evalY: FixtureArray;
}

/** A layer-norm reference case. */
export interface LayerNormFixture {
  readonly name: string;
  readonly normalizedShape: number[];
  readonly x: FixtureArray;
  readonly weight: FixtureArray;
  readonly bias: FixtureArray;
  readonly y: FixtureArray;
}

/** Conv fixtures. */
export const convFixtures = convJson as unknown as { readonly conv2d: readonly Conv2dFixture[]; readonly conv1d: readonly Conv1dFixture[] };
/** Pool fixtures. */
export const poolFixtures = poolJson as unknown as readonly PoolFixture[];
/** Recurrent fixtures by kind. */
export const recurrentFixtures = recurrentJson as unknown as {
  readonly rnn: readonly RecurrentFixture[];
  readonly lstm: readonly RecurrentFixture[];
  readonly gru: readonly RecurrentFixture[];
};
/** Batch-norm fixtures. */
export const batchNormFixtures = batchNormJson as unknown as readonly BatchNormFixture[];
/** Layer-norm fixtures. */
export const layerNormFixtures = layerNormJson as unknown as readonly LayerNormFixture[];
