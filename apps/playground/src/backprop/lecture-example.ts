/** The lecture's backprop example f = (x + y)·max(y, z) at x = 1, y = 2, z = 0. */
import { traceGraph, type GraphTrace } from '@nabla/autograd';
import { maximum, scalar, type Tensor } from '@nabla/tensor-core';

/** Input values of the lecture example. */
export const LECTURE_INPUTS = { x: 1, y: 2, z: 0 } as const;

/** Trace f = (x + y)·max(y, z): values 3, 2, 6 and gradients ∂f/∂x = 2, ∂f/∂y = 5, ∂f/∂z = 0. */
export function traceLectureExample(): Promise<GraphTrace> {
  const f = (x: Tensor, y: Tensor, z: Tensor): Tensor => x.add(y).mul(maximum(y, z));
  const { x, y, z } = LECTURE_INPUTS;
  return traceGraph(f, [scalar(x), scalar(y), scalar(z)], { names: ['x', 'y', 'z'] });
}
