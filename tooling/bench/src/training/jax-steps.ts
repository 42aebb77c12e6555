/** The MLP training step in jax-js: value_and_grad of the loss and the SGD update, all under one `jit`. */
import { jit, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { seededData } from '../workloads.js';
import { CLASSES, IMAGE, LEARNING_RATE, oneHotLabels, seededLabels } from './workloads.js';
import type { TrainingStep } from './workloads.js';

type MlpParams = { w1: np.Array; b1: np.Array; w2: np.Array; b2: np.Array; w3: np.Array; b3: np.Array };

function weight(rows: number, cols: number, seed: number): np.Array {
  return np.array(seededData(rows * cols, seed).map((v) => v / Math.sqrt(rows))).reshape([rows, cols]);
}

/** Mean softmax cross-entropy of the MLP against one-hot `y` (jax-js takes ownership of every argument). */
function mlpLoss(p: MlpParams, x: np.Array, y: np.Array): np.Array {
  const batch = x.shape[0];
  const h1 = nn.relu(np.matmul(x, p.w1).add(p.b1));
  const h2 = nn.relu(np.matmul(h1, p.w2).add(p.b2));
  const logits = np.matmul(h2, p.w3).add(p.b3);
  return nn.logSoftmax(logits).mul(y).sum().mul(-1 / batch);
}

const sgdStep = jit((p: MlpParams, x: np.Array, y: np.Array): [np.Array, MlpParams] => {
  const [loss, g] = valueAndGrad(mlpLoss)(tree.ref(p), x, y);
  const update = (w: np.Array, d: np.Array): np.Array => w.sub(d.mul(LEARNING_RATE));
  return [loss, { w1: update(p.w1, g.w1), b1: update(p.b1, g.b1), w2: update(p.w2, g.w2), b2: update(p.b2, g.b2), w3: update(p.w3, g.w3), b3: update(p.b3, g.b3) }];
});

/** MLP step on jax-js's default device (the bench selects wasm). */
export function jaxMlpStep(batch: number): TrainingStep {
  const x = np.array(seededData(batch * IMAGE * IMAGE, 11)).reshape([batch, IMAGE * IMAGE]);
  const y = np.array(oneHotLabels(seededLabels(batch))).reshape([batch, CLASSES]);
  let params: MlpParams = {
    w1: weight(IMAGE * IMAGE, 256, 21), b1: np.zeros([256]),
    w2: weight(256, 256, 22), b2: np.zeros([256]),
    w3: weight(256, CLASSES, 23), b3: np.zeros([CLASSES]),
  };
  return {
    async run() {
      const [loss, next] = sgdStep(params, x.ref, y.ref);
      params = next;
      const [value] = await loss.data();
      return value;
    },
    dispose() {
      tree.dispose(params);
      x.dispose();
      y.dispose();
    },
  };
}
