/** Accuracy and the confusion matrix of a model on a split, in batches, without recording a graph. */
import { noGrad } from '@nabla/autograd';
import type { ImageSplit } from '@nabla/datasets';
import type { Sequential } from '@nabla/layers';
import { argmax, softmax, tensor, tidy, type Tensor } from '@nabla/tensor-core';

/** Evaluation results. */
export interface Evaluation {
  readonly accuracy: number;
  /** matrix[true][predicted] counts. */
  readonly confusion: number[][];
  /** Predicted class per image. */
  readonly predictions: Int32Array;
}

/** Run `model` over `split` in batches of `batchSize`. */
export async function evaluate(model: Sequential, split: ImageSplit, batchSize = 500, classes = 10): Promise<Evaluation> {
  const wasTraining = model.training;
  model.eval();
  const per = split.images.data.length / split.length;
  const predictions = new Int32Array(split.length);
  for (let start = 0; start < split.length; start += batchSize) {
    const n = Math.min(batchSize, split.length - start);
    const images = split.images.data.subarray(start * per, (start + n) * per) as Float32Array;
    const pred: Tensor = noGrad(() => tidy(() => argmax(model.forward(tensor(images, [n, ...split.images.shape.slice(1)], 'float32')), 1)));
    predictions.set(await pred.data<'int32'>(), start);
    pred.dispose();
  }
  model.train(wasTraining);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let i = 0; i < split.length; i++) {
    const truth = split.labels.data[i];
    confusion[truth][predictions[i]]++;
    if (truth === predictions[i]) correct++;
  }
  return { accuracy: split.length ? correct / split.length : 0, confusion, predictions };
}

/** Class probabilities for a single [1, 1, 28, 28] image. */
export async function probabilities(model: Sequential, image: Float32Array): Promise<Float32Array> {
  model.eval();
  const probs = noGrad(() => tidy(() => softmax(model.forward(tensor(image, [1, 1, 28, 28], 'float32')), 1)));
  const values = await probs.data<'float32'>();
  probs.dispose();
  return values;
}
