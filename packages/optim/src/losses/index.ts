/** Loss functions. */
export { type Reduction, type LossOptions } from './reduction.js';
export { mse } from './mse.js';
export { l1 } from './l1.js';
export { huber, type HuberOptions } from './huber.js';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits, type BinaryCrossEntropyOptions } from './binary-cross-entropy.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { nll } from './nll.js';
