/**
 * @nabla/tensor-core/kernel-kit — geometry helpers for backend authors: broadcast strides, index
 * space coalescing and sub-shape sizes, written once and shared by every backend.
 */
export { broadcastStrides, sizeBetween } from './broadcast.js';
export { coalesce, type StridedSpace } from './coalesce.js';
