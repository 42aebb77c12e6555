/** Reading back the per-batch metric tensors: host values to each metric, then the tensors disposed. */
import type { Tensor } from '@nabla/tensor-core';
import type { BatchCount, Metric } from '../metrics/metric.js';

/** Read every metric's tensors (in order), update the metric, and dispose them, even on failure. */
export async function readMeasures(metrics: readonly Metric[], measures: readonly Tensor[][], count: BatchCount): Promise<void> {
  try {
    for (let i = 0; i < metrics.length; i++) {
      const values: ArrayLike<number>[] = [];
      for (const t of measures[i]) values.push((await t.data()) as ArrayLike<number>);
      metrics[i].update(values, count);
    }
  } finally {
    for (const list of measures) for (const t of list) t.dispose();
  }
}
