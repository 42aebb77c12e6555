/**
 * The training steps whose launches are counted: the MLP 784-256-256-10 (batch 128, Adam), the
 * LeNet-style CNN (batch 64, SGD with momentum) and the char-LSTM language model (h 128, seq 32,
 * batch 32, Adam with gradient clipping) — each one forward, cross-entropy, backward and update.
 */
import '@nabla/autograd';
import { Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential } from '@nabla/layers';
import { Adam, SGD, crossEntropy } from '@nabla/optim';
import { Rng, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { charLstmStep, type LmTrainingStep } from '../lm/char-lstm.js';
import { seededData } from '../workloads.js';
import { CLASSES, IMAGE, seededLabels } from '../training/workloads.js';

/** A named step to count and time. */
export interface ProfiledStep {
  readonly label: string;
  readonly step: LmTrainingStep;
}

function supervised(model: Sequential, optimizer: { zeroGrad(): void; step(): void }, x: Tensor, y: Tensor): LmTrainingStep {
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

/** MLP 784-256-256-10 with relu, batch 128, Adam. */
export function mlpAdamStep(): ProfiledStep {
  const rng = new Rng(1);
  const model = new Sequential(new Dense(IMAGE * IMAGE, 256, { rng }), new ReLU(), new Dense(256, 256, { rng }), new ReLU(), new Dense(256, CLASSES, { rng }));
  const x = tensor(seededData(128 * IMAGE * IMAGE, 11), [128, IMAGE * IMAGE]);
  const y = tensor(seededLabels(128), [128], 'int32');
  return { label: 'MLP 784-256-256-10, batch 128, Adam', step: supervised(model, new Adam(model.parameters(), { lr: 1e-3 }), x, y) };
}

/** LeNet-style CNN, batch 64, SGD with momentum 0.9. */
export function lenetStep(): ProfiledStep {
  const rng = new Rng(1);
  const model = new Sequential(
    new Conv2d(1, 8, 5, { rng }), new ReLU(), new MaxPool2d(2),
    new Conv2d(8, 16, 5, { rng }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Dense(16 * 4 * 4, 128, { rng }), new ReLU(), new Dense(128, CLASSES, { rng }),
  );
  const x = tensor(seededData(64 * IMAGE * IMAGE, 11), [64, 1, IMAGE, IMAGE]);
  const y = tensor(seededLabels(64), [64], 'int32');
  return { label: 'LeNet CNN, batch 64, SGD momentum', step: supervised(model, new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 }), x, y) };
}

/** The char-LSTM LM step of the `lm` section (h 128, seq 32, batch 32, Adam, clipping). */
export function lstmStep(): ProfiledStep {
  return { label: 'char-LSTM h128, seq 32, batch 32, Adam', step: charLstmStep() };
}
