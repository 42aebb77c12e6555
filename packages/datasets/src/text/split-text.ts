import { DatasetArgumentError } from '../errors.js';

/** Fractions of a train/validation/test split; must be ≥ 0 and sum to 1. */
export interface SplitFractions {
  /** Fraction of the stream for training (first part). */
  readonly train: number;
  /** Fraction for validation (middle part). */
  readonly validation: number;
  /** Fraction for testing (last part). */
  readonly test: number;
}

/** Three contiguous parts of a text or token stream, in order. */
export interface TextSplit<T> {
  /** The first part. */
  readonly train: T;
  /** The middle part. */
  readonly validation: T;
  /** The last part. */
  readonly test: T;
}

/** The default 90 / 5 / 5 split. */
export const DEFAULT_SPLIT: SplitFractions = { train: 0.9, validation: 0.05, test: 0.05 };

/**
 * Deterministic contiguous split (no shuffling, so neighbouring text never leaks across parts):
 * the first `train` fraction, then `validation`, then the rest. Works on strings (by code unit,
 * never inside a surrogate pair) and token arrays (as views).
 */
export function splitSequence<T extends string | Int32Array>(sequence: T, fractions: SplitFractions = DEFAULT_SPLIT): TextSplit<T> {
  const { train, validation, test } = fractions;
  for (const [name, f] of [['train', train], ['validation', validation], ['test', test]] as const) {
    if (!(f >= 0 && f <= 1)) throw new DatasetArgumentError('splitSequence', `${name} fraction must be in [0, 1], got ${f}`);
  }
  if (Math.abs(train + validation + test - 1) > 1e-9) {
    throw new DatasetArgumentError('splitSequence', `fractions must sum to 1, got ${train} + ${validation} + ${test} = ${train + validation + test}`);
  }
  const n = sequence.length;
  const a = avoidSurrogateSplit(sequence, Math.round(n * train));
  const b = avoidSurrogateSplit(sequence, Math.min(n, a + Math.round(n * validation)));
  const cut = (from: number, to: number): T =>
    (typeof sequence === 'string' ? sequence.slice(from, to) : (sequence as Int32Array).subarray(from, to)) as T;
  return { train: cut(0, a), validation: cut(a, b), test: cut(b, n) };
}

function avoidSurrogateSplit(sequence: string | Int32Array, cut: number): number {
  if (typeof sequence !== 'string' || cut <= 0 || cut >= sequence.length) return cut;
  const unit = sequence.charCodeAt(cut);
  return unit >= 0xdc00 && unit <= 0xdfff ? cut + 1 : cut;
}
