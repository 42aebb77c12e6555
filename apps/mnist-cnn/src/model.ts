/**
 * The LeNet-style CNN (NCHW, input 1×28×28):
 *
 *   conv 5×5, 1→c1, ReLU, max-pool 2×2    → c1×12×12
 *   conv 5×5, c1→c2, ReLU, max-pool 2×2   → c2×4×4
 *   flatten, dense c2·16→hidden, ReLU, dense hidden→10 (logits)
 *
 * Defaults c1 = 16, c2 = 32, hidden = 128 (the benchmark's LeNet is 8/16: `--channels 8,16`);
 * PyTorch's default inits.
 */
import { Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential } from '@nabla/layers';
import { Rng } from '@nabla/tensor-core';

/** Architecture hyperparameters saved in the checkpoint config. */
export interface Architecture {
  readonly name: 'lenet';
  readonly conv1: number;
  readonly conv2: number;
  readonly hidden: number;
  readonly classes: number;
}

/** The default architecture. */
export const DEFAULT_ARCHITECTURE: Architecture = { name: 'lenet', conv1: 16, conv2: 32, hidden: 128, classes: 10 };

/** Build the network with seeded initial weights. */
export function buildModel(arch: Architecture, seed: number): Sequential {
  const rng = new Rng(seed);
  return new Sequential(
    new Conv2d(1, arch.conv1, 5, { rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(arch.conv1, arch.conv2, 5, { rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Dense(arch.conv2 * 16, arch.hidden, { rng }),
    new ReLU(),
    new Dense(arch.hidden, arch.classes, { rng }),
  );
}

/** One line describing the architecture. */
export function describeArchitecture(arch: Architecture): string {
  return `conv5x5x${arch.conv1} → pool → conv5x5x${arch.conv2} → pool → dense ${arch.hidden} → dense ${arch.classes}`;
}
