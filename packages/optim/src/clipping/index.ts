/** Gradient clipping. */
export { clipGradNorm, type ClipGradNormOptions } from './clip-grad-norm.js';
export { clipGradValue } from './clip-grad-value.js';
