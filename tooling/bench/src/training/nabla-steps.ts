/** Nabla training steps built from @nabla/layers and @nabla/optim, on whichever backend is active. */
import '@nabla/autograd';
import { Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential } from '@nabla/layers';
import { SGD, crossEntropy } from '@nabla/optim';
import { Rng, tensor, tidy } from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import { seededData } from '../workloads.js';
import { CLASSES, IMAGE, LEARNING_RATE, seededLabels } from './workloads.js';
import type { TrainingStep } from './workloads.js';

/** The LeNet-style CNN in NCHW. */
function lenet(rng: Rng): Sequential {
  return new Sequential(
    new Conv2d(1, 8, 5, { rng }), new ReLU(), new MaxPool2d(2),
    new Conv2d(8, 16, 5, { rng }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Dense(16 * 4 * 4, 128, { rng }), new ReLU(), new Dense(128, CLASSES, { rng }),
  );
}

/** The 784-256-256-10 MLP. */
function mlp(rng: Rng): Sequential {
  return new Sequential(new Dense(IMAGE * IMAGE, 256, { rng }), new ReLU(), new Dense(256, 256, { rng }), new ReLU(), new Dense(256, CLASSES, { rng }));
}

/** Forward, cross-entropy, backward and one SGD update per run, reading the loss back. */
function stepFor(model: Sequential, x: Tensor, y: Tensor): TrainingStep {
  const optimizer = new SGD(model.parameters(), { lr: LEARNING_RATE });
  return {
    async run() {
      const loss = tidy(() => {
        optimizer.zeroGrad();
        const l = crossEntropy(model.forward(x), y);
        l.backward();
        optimizer.step();
        return l.detach();
      });
      const [value] = await loss.data();
      loss.dispose();
      return value;
    },
    dispose() {
      optimizer.zeroGrad();
      model.dispose();
      x.dispose();
      y.dispose();
    },
  };
}

/** LeNet step on a batch of `batch` NCHW images. */
export function nablaLenetStep(batch: number): TrainingStep {
  const x = tensor(seededData(batch * IMAGE * IMAGE, 11), [batch, 1, IMAGE, IMAGE]);
  return stepFor(lenet(new Rng(1)), x, tensor(seededLabels(batch), [batch], 'int32'));
}

/** MLP step on a batch of `batch` flattened images. */
export function nablaMlpStep(batch: number): TrainingStep {
  const x = tensor(seededData(batch * IMAGE * IMAGE, 11), [batch, IMAGE * IMAGE]);
  return stepFor(mlp(new Rng(1)), x, tensor(seededLabels(batch), [batch], 'int32'));
}
