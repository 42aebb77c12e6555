/**
 * The same char-LSTM training step in TensorFlow.js (tfjs-core ops only): one-hot inputs times the
 * embedding matrix, an LSTM unrolled over the sequence (gates i, f, g, o as in @nabla/layers),
 * dense logits, softmax cross-entropy, clipping to global norm 1 and Adam, state carried across steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededData } from '../workloads.js';
import { CHAR_LSTM } from './char-lstm.js';
import type { CharLstmConfig, LmTrainingStep } from './char-lstm.js';

function weight(rows: number, cols: number, seed: number): tf.Variable<tf.Rank.R2> {
  const t: tf.Tensor2D = tf.tensor2d(seededData(rows * cols, seed).map((v) => v / Math.sqrt(rows)), [rows, cols]);
  return tf.variable(t);
}

/** A training step on the active tfjs backend; deterministic pseudo-random tokens. */
export function tfjsCharLstmStep(config: CharLstmConfig = CHAR_LSTM): LmTrainingStep {
  const { vocabSize: V, embedding: E, hidden: H, seqLength: T, batchSize: B } = config;
  const embed = weight(V, E, 31);
  const wx = weight(E, 4 * H, 32);
  const wh = weight(H, 4 * H, 33);
  const b = tf.variable(tf.zeros([4 * H]));
  const wOut = weight(H, V, 34);
  const bOut = tf.variable(tf.zeros([V]));
  const variables = [embed, wx, wh, b, wOut, bOut];
  const optimizer = tf.train.adam(0.001);
  let h: tf.Tensor2D = tf.zeros([B, H]);
  let c: tf.Tensor2D = tf.zeros([B, H]);
  let seed = 1;
  const tokens = (): Int32Array => Int32Array.from(seededData(B * T, seed++), (v) => Math.floor((v + 1) * 0.5 * V) % V);
  return {
    async run() {
      const input = tokens();
      const target = tokens();
      const { value, grads, state } = tf.tidy(() => {
        const xs = tf.cast(tf.oneHot(tf.tensor2d(input, [B, T], 'int32'), V), 'float32') as tf.Tensor3D; // [B, T, V]
        const ys = tf.cast(tf.oneHot(tf.tensor1d(target, 'int32'), V), 'float32');
        let last: { h: tf.Tensor2D; c: tf.Tensor2D } = { h, c };
        const lossFn = (): tf.Scalar => {
          let ht = h;
          let ct = c;
          const outputs: tf.Tensor2D[] = [];
          for (let t = 0; t < T; t++) {
            const xt = tf.matMul(tf.reshape(tf.slice(xs, [0, t, 0], [B, 1, V]), [B, V]), embed);
            const gates = tf.add(tf.add(tf.matMul(xt, wx), tf.matMul(ht, wh)), b);
            const [i, f, g, o] = tf.split(gates, 4, 1);
            ct = tf.add(tf.mul(tf.sigmoid(f), ct), tf.mul(tf.sigmoid(i), tf.tanh(g)));
            ht = tf.mul(tf.sigmoid(o), tf.tanh(ct));
            outputs.push(ht);
          }
          last = { h: tf.keep(ht), c: tf.keep(ct) };
          // rows b·T + t, as the Nabla model's [B, T, H] → [B·T, H] reshape
          const out = tf.reshape(tf.stack(outputs, 1), [B * T, H]);
          return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(out, wOut), bOut));
        };
        const r = tf.variableGrads(lossFn, variables);
        const names = Object.keys(r.grads);
        const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(r.grads[n])))));
        const scale = tf.minimum(1, tf.div(1, tf.add(norm, 1e-6)));
        const clipped = names.map((name) => ({ name, tensor: tf.mul(r.grads[name], scale) }));
        return { value: r.value, grads: clipped, state: last };
      });
      optimizer.applyGradients(grads);
      tf.dispose(grads.map((g) => g.tensor));
      h.dispose();
      c.dispose();
      h = state.h;
      c = state.c;
      const [loss] = await value.data();
      value.dispose();
      return loss;
    },
    dispose() {
      optimizer.dispose();
      h.dispose();
      c.dispose();
      for (const v of variables) v.dispose();
    },
  };
}
