/** Default hyperparameters per model kind and token level (the README's default runs). */
import type { Level } from './corpus.js';
import type { ModelKind } from './models/architecture.js';

/** Hyperparameters a `train` invocation starts from. */
export interface Defaults {
  readonly embedding: number;
  readonly hidden: number;
  readonly window: number;
  readonly batchSize: number;
  readonly seqLength: number;
  readonly lr: number;
  readonly epochs: number;
  readonly minFrequency: number;
  /** Recurrent layers or GPT blocks. */
  readonly layers: number;
  readonly dropout: number;
  /** GPT only from here on. */
  readonly heads: number;
  readonly blockSize: number;
  readonly steps: number;
  readonly evalEvery: number;
  readonly warmup: number;
  readonly weightDecay: number;
}

const GPT_ONLY = { heads: 4, blockSize: 64, steps: 18000, evalEvery: 1000, warmup: 100, weightDecay: 0.1 };

/** Defaults for `kind` at `level`. */
export function defaultsFor(kind: ModelKind, level: Level): Defaults {
  const word = level === 'word';
  const minFrequency = word ? 3 : 1;
  if (kind === 'window') {
    return { embedding: word ? 64 : 24, hidden: word ? 128 : 256, window: word ? 4 : 8, batchSize: 128, seqLength: 32, lr: 0.002, epochs: 1, minFrequency, layers: 1, dropout: 0, ...GPT_ONLY };
  }
  if (kind === 'gpt') {
    return { embedding: 64, hidden: 256, window: 4, batchSize: 16, seqLength: 64, lr: 0.005, epochs: 1, minFrequency, layers: 4, dropout: 0, ...GPT_ONLY };
  }
  return { embedding: word ? 64 : 32, hidden: 256, window: 4, batchSize: 32, seqLength: 32, lr: 0.005, epochs: 2, minFrequency, layers: 1, dropout: 0, ...GPT_ONLY };
}
