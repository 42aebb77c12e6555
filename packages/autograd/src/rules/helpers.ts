/** Shape plumbing shared by gradient rules: un-broadcasting, re-expanding reductions, zeros. */
import {
  broadcastTo, reducedShape, reshape, scalarOn, shapesEqual, sum, type DType, type Tensor,
} from '@nabla/tensor-core';

/** Sum a broadcast gradient back down to `shape` (leading axes and size-1 axes). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? sum(g, axes) : g;
  return shapesEqual(summed.shape, shape) ? summed : reshape(summed, shape);
}

/** Put back the reduced axes of a reduction's output gradient as size-1 dimensions. */
export function keepReducedDims(dy: Tensor, inputShape: readonly number[], axes: readonly number[]): Tensor {
  const kept = reducedShape(inputShape, axes, true);
  return shapesEqual(dy.shape, kept) ? dy : reshape(dy, kept);
}

/** A reduction's output gradient broadcast back over the input shape. */
export function expandReduced(dy: Tensor, inputShape: readonly number[], axes: readonly number[]): Tensor {
  return broadcastTo(keepReducedDims(dy, inputShape, axes), inputShape);
}

/** Zeros of `shape` and `dtype` on the backend of `like`. */
export function zerosOn(like: Tensor, shape: readonly number[], dtype: DType): Tensor {
  return broadcastTo(scalarOn(like.backend, 0, dtype), shape);
}
