/** The same training steps in TensorFlow.js (NHWC), with tfjs-core's ops, gradients and SGD. */
import * as tf from '@tensorflow/tfjs-core';
import { seededData } from '../workloads.js';
import { CLASSES, IMAGE, LEARNING_RATE, oneHotLabels, seededLabels } from './workloads.js';
import type { TrainingStep } from './workloads.js';

/** A trainable weight, uniform in ±1/√fanIn (deterministic). */
function weight<R extends tf.Rank = tf.Rank>(shape: number[], fanIn: number, seed: number): tf.Variable<R> {
  const values = seededData(shape.reduce((a, b) => a * b, 1), seed).map((v) => v / Math.sqrt(fanIn));
  const initial: tf.Tensor = tf.tensor(values, shape);
  return tf.variable(initial as tf.Tensor<R>);
}

function bias(size: number): tf.Variable {
  return tf.variable(tf.zeros([size]));
}

/** minimize() with plain SGD on `loss`, reading the loss back each run. */
function stepFor(loss: () => tf.Scalar, held: tf.Tensor[]): TrainingStep {
  const optimizer = tf.train.sgd(LEARNING_RATE);
  return {
    async run() {
      const l = optimizer.minimize(loss, true);
      if (l === null) throw new Error('tfjs minimize() returned no loss');
      const [value] = await l.data();
      l.dispose();
      return value;
    },
    dispose() {
      optimizer.dispose();
      for (const t of held) t.dispose();
    },
  };
}

/** LeNet step (NHWC) on the active tfjs backend. */
export function tfjsLenetStep(batch: number): TrainingStep {
  const x = tf.tensor4d(seededData(batch * IMAGE * IMAGE, 11), [batch, IMAGE, IMAGE, 1]);
  const y = tf.tensor2d(oneHotLabels(seededLabels(batch)), [batch, CLASSES]);
  const w1 = weight<tf.Rank.R4>([5, 5, 1, 8], 25, 21);
  const b1 = bias(8);
  const w2 = weight<tf.Rank.R4>([5, 5, 8, 16], 200, 22);
  const b2 = bias(16);
  const w3 = weight([256, 128], 256, 23);
  const b3 = bias(128);
  const w4 = weight([128, CLASSES], 128, 24);
  const b4 = bias(CLASSES);
  const loss = (): tf.Scalar => {
    const h1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, w1, 1, 'valid'), b1) as tf.Tensor4D), 2, 2, 'valid');
    const h2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(h1, w2, 1, 'valid'), b2) as tf.Tensor4D), 2, 2, 'valid');
    const h3 = tf.relu(tf.add(tf.matMul(tf.reshape(h2, [batch, 256]), w3), b3));
    return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(h3, w4), b4));
  };
  return stepFor(loss, [x, y, w1, b1, w2, b2, w3, b3, w4, b4]);
}

/** MLP step on the active tfjs backend. */
export function tfjsMlpStep(batch: number): TrainingStep {
  const x = tf.tensor2d(seededData(batch * IMAGE * IMAGE, 11), [batch, IMAGE * IMAGE]);
  const y = tf.tensor2d(oneHotLabels(seededLabels(batch)), [batch, CLASSES]);
  const w1 = weight([IMAGE * IMAGE, 256], IMAGE * IMAGE, 21);
  const b1 = bias(256);
  const w2 = weight([256, 256], 256, 22);
  const b2 = bias(256);
  const w3 = weight([256, CLASSES], 256, 23);
  const b3 = bias(CLASSES);
  const loss = (): tf.Scalar => {
    const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
    return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(h2, w3), b3));
  };
  return stepFor(loss, [x, y, w1, b1, w2, b2, w3, b3]);
}
