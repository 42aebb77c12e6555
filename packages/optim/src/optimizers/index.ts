/** Optimizers. */
export {
  Optimizer, OptimizerStateError,
  type ParamGroup, type ParamGroupSpec, type ParamsInput, type ParamState, type OptimizerMeta, type OptimizerStateDict, type LoadableStateDict,
} from './optimizer.js';
export type { HyperValue, Hyperparameters } from './hyper.js';
export { SGD, type SGDHyperparameters } from './sgd.js';
export { Adam, AdamW, type AdamHyperparameters } from './adam.js';
export { RMSprop, type RMSpropHyperparameters } from './rmsprop.js';
export { Adagrad, type AdagradHyperparameters } from './adagrad.js';
