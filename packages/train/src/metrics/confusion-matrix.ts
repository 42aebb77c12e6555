/** The confusion matrix, and the per-class precision, recall and F1 read from it. */
import { argmax, type Tensor } from '@nabla/tensor-core';
import { TrainArgumentError } from '../errors.js';
import { Metric, classificationShapes, type MeasuredValues } from './metric.js';

/** Precision, recall and F1 of one class (NaN where undefined: no predictions / no examples). */
export interface ClassScores {
  /** Of the rows predicted as this class, the fraction that truly are (NaN: none predicted). */
  readonly precision: number;
  /** Of the rows of this class, the fraction predicted as it (NaN: no examples). */
  readonly recall: number;
  /** Harmonic mean of precision and recall. */
  readonly f1: number;
  /** Examples whose true class this is. */
  readonly support: number;
}

/**
 * Counts of (true class, predicted class) over [n, classes] logits and [n] class indices.
 * `results()` gives accuracy and macro-averaged precision/recall/F1 (classes without examples and
 * predictions left out); `matrix()` and `perClass()` give the details.
 */
export class ConfusionMatrix extends Metric {
  readonly name: string = 'confusion';

  constructor(
    /** Number of classes (an integer ≥ 2; TrainArgumentError otherwise); targets must lie in 0..classes−1. */
    readonly classes: number,
  ) {
    super(classes * classes);
    if (!Number.isInteger(classes) || classes < 2) throw new TrainArgumentError('ConfusionMatrix', `classes must be an integer >= 2, got ${classes}`);
  }

  /** Predicted class per row, and the true class per row. */
  measure(output: Tensor, target: Tensor): Tensor[] {
    const { classes } = classificationShapes(this.name, output, target);
    if (classes !== this.classes) throw new TrainArgumentError(this.name, `was built for ${this.classes} classes, got output with ${classes}`);
    return [argmax(output, 1), target.cast('int32')];
  }

  /** Count one batch's (true, predicted) pairs. */
  update([predicted, truth]: MeasuredValues): void {
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i];
      if (t < 0 || t >= this.classes) throw new TrainArgumentError(this.name, `target class ${t} is outside 0..${this.classes - 1}`);
      this.sums[t * this.classes + predicted[i]] += 1;
    }
  }

  /** counts[true][predicted]. */
  matrix(): number[][] {
    return Array.from({ length: this.classes }, (_, t) => Array.from(this.sums.subarray(t * this.classes, (t + 1) * this.classes)));
  }

  /** Precision, recall, F1 and support of each class. */
  perClass(): ClassScores[] {
    const m = this.matrix();
    return m.map((row, c) => {
      const tp = row[c];
      const support = row.reduce((a, b) => a + b, 0);
      const predicted = m.reduce((a, r) => a + r[c], 0);
      const precision = tp / predicted;
      const recall = tp / support;
      const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : tp === 0 && support + predicted > 0 ? 0 : Number.NaN;
      return { precision, recall, f1, support };
    });
  }

  /** `{ accuracy, precision, recall, f1 }`, the last three macro-averaged over classes where defined. */
  results(): Record<string, number> {
    const scores = this.perClass();
    const mean = (key: 'precision' | 'recall' | 'f1'): number => {
      const defined = scores.map((s) => s[key]).filter((v) => !Number.isNaN(v));
      return defined.reduce((a, b) => a + b, 0) / defined.length;
    };
    let correct = 0;
    let total = 0;
    for (let c = 0; c < this.classes; c++) correct += this.sums[c * this.classes + c];
    for (const v of this.sums) total += v;
    return { accuracy: correct / total, precision: mean('precision'), recall: mean('recall'), f1: mean('f1') };
  }
}
