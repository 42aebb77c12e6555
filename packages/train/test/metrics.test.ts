import { tensor, tidy, withoutRecording, type Tensor } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { Accuracy, BitsPerToken, ConfusionMatrix, MeanAbsoluteError, MeanSquaredError, Perplexity, TopKAccuracy, TrainArgumentError, type Metric } from '../src/index.js';
import { useJsBackend } from './helpers.js';

useJsBackend();

/** Feed batches to a metric the way fit does: measure in a tidy, read back, update. */
async function feed(metric: Metric, batches: [Tensor, Tensor][]): Promise<Record<string, number>> {
  metric.reset();
  for (const [output, target] of batches) {
    const measured = withoutRecording(() => tidy(() => metric.measure(output, target)));
    metric.update(await Promise.all(measured.map(async (t) => Array.from(await t.data()))), { rows: target.shape[0], elements: target.size });
    for (const t of measured) t.dispose();
  }
  return metric.results();
}

const logitsA = [[2, 1, 0], [0, 3, 1], [1, 0, 0.5], [0, 0, 4]];
const labelsA = [0, 2, 2, 2];
const logitsB = [[0.1, 0.2, 0.3], [5, 1, 1]];
const labelsB = [1, 1];

function batches(): [Tensor, Tensor][] {
  return [[tensor(logitsA), tensor(labelsA, [4], 'int32')], [tensor(logitsB), tensor(labelsB, [2], 'int32')]];
}

describe('classification metrics', () => {
  it('accuracy, top-2 accuracy and the confusion matrix match hand counts over two batches', async () => {
    // predictions: A → 0, 1, 0, 2; B → 2, 0. Correct: row A0, A3 → 2 of 6.
    expect(await feed(new Accuracy(), batches())).toEqual({ accuracy: 2 / 6 });
    // top-2 sets: A0 {0,1}✓(0) A1 {1,2}✓ A2 {0,2}✓ A3 {2,*}✓ B0 {2,1}✓ B1 {0,1 or 2 tie}: logits 5,1,1 — target 1 beaten by one → ✓
    expect(await feed(new TopKAccuracy(2), batches())).toEqual({ top2_accuracy: 1 });
    expect(await feed(new TopKAccuracy(1), batches())).toEqual({ top1_accuracy: 2 / 6 });
    const cm = new ConfusionMatrix(3);
    const r = await feed(cm, batches());
    expect(cm.matrix()).toEqual([[1, 0, 0], [1, 0, 1], [1, 1, 1]]);
    // class 0: tp 1, predicted 3, support 1 → p 1/3 r 1 f1 .5; class 1: tp 0, predicted 1, support 2 → 0, 0, f1 0;
    // class 2: tp 1, predicted 2, support 3 → p .5 r 1/3 f1 .4
    const per = cm.perClass();
    expect(per.map((s) => [s.precision, s.recall, s.support])).toEqual([[1 / 3, 1, 1], [0, 0, 2], [0.5, 1 / 3, 3]]);
    expect(per[0].f1).toBeCloseTo(0.5, 12);
    expect(per[1].f1).toBe(0);
    expect(per[2].f1).toBeCloseTo(0.4, 12);
    expect(r.accuracy).toBe(2 / 6);
    expect(r.precision).toBeCloseTo((1 / 3 + 0.5) / 3, 12);
    expect(r.recall).toBeCloseTo((4 / 3) / 3, 12);
    expect(r.f1).toBeCloseTo(0.9 / 3, 12);
  });

  it('keeps its sums as state, so a restored metric continues exactly', async () => {
    const a = new Accuracy();
    await feed(a, batches().slice(0, 1));
    const b = new Accuracy();
    b.loadState(JSON.parse(JSON.stringify(a.state())));
    expect(b.results()).toEqual(a.results());
    expect(() => b.loadState([1])).toThrow(TrainArgumentError);
  });

  it('refuses shapes that are not [n, classes] and [n]', () => {
    expect(() => new Accuracy().measure(tensor([1, 2, 3]), tensor([0], [1], 'int32'))).toThrow(/Accuracy.*output \[n, classes\].*\[3\]/);
    expect(() => new ConfusionMatrix(4).measure(tensor(logitsA), tensor(labelsA, [4], 'int32'))).toThrow(/4 classes/);
    expect(() => new TopKAccuracy(0)).toThrow(TrainArgumentError);
  });
});

describe('language-model and regression metrics', () => {
  it('perplexity and bits per token come from the token-weighted mean cross-entropy', async () => {
    const nll = (logits: number[][], labels: number[]): number[] => logits.map((row, i) => {
      const m = Math.max(...row);
      return Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) + m - row[labels[i]];
    });
    const all = [...nll(logitsA, labelsA), ...nll(logitsB, labelsB)];
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    expect((await feed(new Perplexity(), batches())).perplexity).toBeCloseTo(Math.exp(mean), 5);
    expect((await feed(new BitsPerToken(), batches())).bits_per_token).toBeCloseTo(mean / Math.LN2, 5);
  });

  it('MSE and MAE average over every element of every batch', async () => {
    const b: [Tensor, Tensor][] = [[tensor([[1, 2], [3, 4]]), tensor([[1, 0], [0, 4]])], [tensor([[0.5, 0.5]]), tensor([[0, 1]])]];
    // differences: 0, 2, 3, 0, 0.5, -0.5
    expect((await feed(new MeanSquaredError(), b)).mse).toBeCloseTo((4 + 9 + 0.25 + 0.25) / 6, 6);
    expect((await feed(new MeanAbsoluteError(), b)).mae).toBeCloseTo((2 + 3 + 1) / 6, 6);
    expect(() => new MeanSquaredError().measure(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/same number of elements/);
  });
});
