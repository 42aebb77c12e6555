/** The two training workloads: a LeNet-style CNN on 28×28 images and an MLP on flattened ones. */

/** A training workload: its batch and the data a step sees. */
export interface TrainingWorkload {
  readonly label: string;
  readonly batch: number;
}

/** LeNet-style CNN: conv5×5×8, relu, maxpool2, conv5×5×16, relu, maxpool2, dense 128, relu, dense 10. */
export const LENET: TrainingWorkload = { label: 'LeNet CNN, batch 64', batch: 64 };
/** MLP 784-256-256-10 with relu. */
export const MLP: TrainingWorkload = { label: 'MLP 784-256-256-10, batch 128', batch: 128 };

/** Classes of both workloads. */
export const CLASSES = 10;
/** Image side. */
export const IMAGE = 28;
/** Plain SGD learning rate (same update rule on every side). */
export const LEARNING_RATE = 0.01;

/** Deterministic class labels 0..9 for a batch. */
export function seededLabels(batch: number): Int32Array {
  return Int32Array.from({ length: batch }, (_, i) => (i * 7 + 3) % CLASSES);
}

/** One-hot float32 [batch, CLASSES] of `labels` (tfjs and jax-js train against these). */
export function oneHotLabels(labels: Int32Array): Float32Array {
  const out = new Float32Array(labels.length * CLASSES);
  labels.forEach((c, i) => {
    out[i * CLASSES + c] = 1;
  });
  return out;
}

/** A training step that resolves once its loss value has been read back (so the work is done). */
export interface TrainingStep {
  run(): Promise<number>;
  dispose(): void;
}
