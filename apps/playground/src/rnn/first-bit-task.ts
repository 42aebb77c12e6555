/**
 * The recurrent page's toy task: read a sequence of T random ±1 values and, at the end, say whether
 * the FIRST one was +1. The answer is T − 1 steps back, so the loss only reaches the first input
 * through the whole chain of hidden states: the lecture's vanishing gradient through time.
 */
import type { Rng } from '@nabla/tensor-core';

/** A batch: inputs [B, T, 1] of ±1 and labels [B] (1 when the first value is +1). */
export interface SequenceBatch {
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly batch: number;
  readonly steps: number;
}

/** `batch` random sequences of length `steps`. */
export function firstBitBatch(rng: Rng, batch: number, steps: number): SequenceBatch {
  const x = new Float32Array(batch * steps);
  const labels = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) x[b * steps + t] = rng.uniform() < 0.5 ? -1 : 1;
    labels[b] = x[b * steps] > 0 ? 1 : 0;
  }
  return { x, labels, batch, steps };
}
