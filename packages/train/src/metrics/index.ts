/** Streaming metrics. */
export { Metric, type MeasuredValues, type BatchCount } from './metric.js';
export { Accuracy } from './accuracy.js';
export { TopKAccuracy } from './top-k-accuracy.js';
export { ConfusionMatrix, type ClassScores } from './confusion-matrix.js';
export { Perplexity, BitsPerToken } from './perplexity.js';
export { MeanSquaredError, MeanAbsoluteError } from './regression.js';
