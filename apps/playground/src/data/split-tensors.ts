/** One split's features and targets, on the host and as tensors on the current backend. */
import type { PlaygroundFeature } from '@nabla/datasets';
import { tensor } from '@nabla/tensor-core';
import { featureMatrix } from './features.js';
import type { PointSet } from './point-set.js';
import type { Tensor } from '@nabla/tensor-core';
import type { BatchSource } from '@nabla/train';

/** Features and targets of one split as tensors on the current backend. */
export interface SplitTensors {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly host: Float32Array;
  readonly target: Float32Array;
  readonly length: number;
}

/** Feature matrix and targets of `set` for `features`. */
export function toTensors(set: PointSet, features: readonly PlaygroundFeature[]): SplitTensors {
  const host = featureMatrix(set.xy, features);
  return {
    x: tensor(host, [set.length, features.length]),
    y: tensor(set.target, [set.length]),
    host,
    target: set.target,
    length: set.length,
  };
}


/** The mini-batches of one epoch over `split` in `order` (batch i: rows order[i·size …]). */
export function shuffledBatches(split: SplitTensors, order: Int32Array, batchSize: number): BatchSource {
  const k = split.host.length / Math.max(1, split.length);
  return {
    length: Math.ceil(split.length / batchSize),
    batch: (_epoch, b) => {
      const rows = order.subarray(b * batchSize, Math.min(split.length, (b + 1) * batchSize));
      const xb = new Float32Array(rows.length * k);
      rows.forEach((j, i) => xb.set(split.host.subarray(j * k, (j + 1) * k), i * k));
      return { input: tensor(xb, [rows.length, k]), target: tensor(Float32Array.from(rows, (j) => split.target[j]), [rows.length]) };
    },
  };
}

/** Mean loss of `network` over the whole split (NaN for an empty split). */
export async function meanLoss(network: { evaluate(x: Tensor, y: Tensor): Tensor }, split: SplitTensors): Promise<number> {
  if (split.length === 0) return Number.NaN;
  const t = network.evaluate(split.x, split.y);
  const v = (await t.data())[0];
  t.dispose();
  return v;
}
