/**
 * @nabla/train — fit/evaluate/predict, streaming metrics and callbacks. Browser-, Worker- and
 * Node-safe; file-backed run folders live in `@nabla/train/node`.
 */
export { fit, type FitOptions } from './fit/fit.js';
export { evaluate, predict, type EvaluateOptions, type PredictOptions } from './fit/evaluate.js';
export type { FitState, FitResult, FitStatus, TrainableOptimizer } from './fit/fit-state.js';
export type { TrainableModel, Batch, BatchSource, StepPosition, ForwardFn, LossFn, AbortSignalLike } from './fit/types.js';
export { yieldToEventLoop } from './fit/yield.js';
export { TrainArgumentError, DivergenceError, RunFolderError } from './errors.js';
export * from './metrics/index.js';
export * from './callbacks/index.js';
