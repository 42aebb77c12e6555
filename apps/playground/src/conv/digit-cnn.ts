/**
 * The conv page's small CNN for 28×28 digits (NCHW):
 *   conv 5×5 1→6, ReLU, max-pool 2  → 6×12×12
 *   conv 5×5 6→16, ReLU, max-pool 2 → 16×4×4
 *   flatten, dense 256→10 (logits)
 * and its checkpoint format (a JSON file shipped as a static asset, made by scripts/train-digit-cnn.ts).
 */
import { Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential } from '@nabla/layers';
import { Rng, tensor, tidy, type Tensor } from '@nabla/tensor-core';

/** Channels of the two conv layers. */
export const DIGIT_CNN_CHANNELS = [6, 16] as const;

/** The saved model: parameter values by state-dict name, rounded to 5 significant digits. */
export interface DigitCnnCheckpoint {
  readonly format: 'nabla-playground-digit-cnn/1';
  /** Accuracy on the 10,000 MNIST test images when it was saved. */
  readonly testAccuracy: number;
  readonly tensors: Record<string, { readonly shape: number[]; readonly data: number[] }>;
}

/** Build the CNN with seeded initial weights. */
export function buildDigitCnn(seed = 1): Sequential {
  const rng = new Rng(seed);
  const [c1, c2] = DIGIT_CNN_CHANNELS;
  return new Sequential(
    new Conv2d(1, c1, 5, { rng }), new ReLU(), new MaxPool2d(2),
    new Conv2d(c1, c2, 5, { rng }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Dense(c2 * 16, 10, { rng }),
  );
}

/** Load a checkpoint into a fresh CNN; throws when names or shapes do not match. */
export function digitCnnFromCheckpoint(checkpoint: DigitCnnCheckpoint): Sequential {
  if (checkpoint.format !== 'nabla-playground-digit-cnn/1') throw new Error(`digit CNN checkpoint: unknown format ${String(checkpoint.format)}`);
  const model = buildDigitCnn();
  const dict: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(checkpoint.tensors)) dict[name] = tensor(Float32Array.from(t.data), t.shape);
  model.loadStateDict(dict);
  for (const t of Object.values(dict)) t.dispose();
  return model;
}

/** The checkpoint of `model`. */
export async function digitCnnCheckpoint(model: Sequential, testAccuracy: number): Promise<DigitCnnCheckpoint> {
  const tensors: Record<string, { shape: number[]; data: number[] }> = {};
  for (const [name, t] of Object.entries(model.stateDict())) {
    tensors[name] = { shape: [...t.shape], data: Array.from(await t.data(), (v) => Number(v.toPrecision(5))) };
  }
  return { format: 'nabla-playground-digit-cnn/1', testAccuracy, tensors };
}

/** Every intermediate of one forward pass on a [1, 1, 28, 28] image. */
export interface DigitActivations {
  /** After conv 1 + ReLU: [6, 24, 24]; after conv 2 + ReLU: [16, 8, 8]. */
  readonly conv1: Float32Array;
  readonly conv2: Float32Array;
  /** Class probabilities [10]. */
  readonly probabilities: Float32Array;
}

/** Run `model` on `image` (784 values in [0, 1], row-major) and read back every stage. */
export async function classifyDigit(model: Sequential, image: Float32Array): Promise<DigitActivations> {
  const layers = model.layers();
  const out = tidy(() => {
    let x = tensor(image, [1, 1, 28, 28]);
    const stages: Tensor[] = [];
    layers.forEach((layer, i) => {
      x = layer.forward(x);
      if (i === 1 || i === 4) stages.push(x);
    });
    return { conv1: stages[0], conv2: stages[1], probabilities: x.softmax(1) };
  });
  const result = {
    conv1: Float32Array.from(await out.conv1.data()),
    conv2: Float32Array.from(await out.conv2.data()),
    probabilities: Float32Array.from(await out.probabilities.data()),
  };
  for (const t of Object.values(out)) t.dispose();
  return result;
}
