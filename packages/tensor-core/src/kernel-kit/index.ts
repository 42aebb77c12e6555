/**
 * @nabla/tensor-core/kernel-kit — geometry helpers for backend authors, written once and shared
 * by every backend: broadcast strides, index-space coalescing, sub-shape sizes and the window
 * geometry of convolution and pooling, a stable host argsort and the runs of a box write.
 */
export { broadcastStrides, sizeBetween } from './broadcast.js';
export { coalesce, coalesceInPlace, type StridedSpace } from './coalesce.js';
export { convOutSize } from '../backend.js';
export { convGeometry, poolGeometry, windowRange, type WindowGeometry } from './window.js';
export { argsortLines } from './argsort-lines.js';
export { sliceRuns, type SliceRuns } from './slice-runs.js';
