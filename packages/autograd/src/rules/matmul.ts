/**
 * Gradient of batched matmul, written with the transpose flags (never explicit transposes).
 * 1-D operands are viewed as a row (a) or column (b) matrix; gradients over broadcast batch
 * dimensions are summed back to each operand's shape.
 */
import { broadcastShapes, matmul, reshape, shapesEqual, type Tensor } from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';
import { sumToShape } from './helpers.js';

function asMatrix(shape: readonly number[], vectorAs: 'row' | 'column'): number[] {
  if (shape.length >= 2) return [...shape];
  return vectorAs === 'row' ? [1, shape[0]] : [shape[0], 1];
}

function view(t: Tensor, shape: readonly number[]): Tensor {
  return shapesEqual(t.shape, shape) ? t : reshape(t, shape);
}

/** matmul(a, b, {transposeA, transposeB}) → (∂a, ∂b). */
export const matmulRule: GradRule<'matmul'> = {
  saveInputs: [0, 1],
  saveOutput: false,
  backward: (dy, ctx) => {
    const { transposeA: ta, transposeB: tb } = ctx.attrs;
    const aShape = asMatrix(ctx.inputShapes[0], 'row');
    const bShape = asMatrix(ctx.inputShapes[1], 'column');
    const a = view(ctx.input(0), aShape);
    const b = view(ctx.input(1), bShape);
    const batch = broadcastShapes('matmul', aShape.slice(0, -2), bShape.slice(0, -2));
    const m = ta ? aShape[aShape.length - 1] : aShape[aShape.length - 2];
    const n = tb ? bShape[bShape.length - 2] : bShape[bShape.length - 1];
    const g = view(dy, [...batch, m, n]);
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (ctx.needsGrad(0)) {
      // C = op(A)·op(B): ∂A = g·op(B)ᵀ, transposed back when A was transposed
      da = ta ? matmul(b, g, { transposeA: tb, transposeB: true }) : matmul(g, b, { transposeB: !tb });
      da = view(sumToShape(da, aShape), ctx.inputShapes[0]);
    }
    if (ctx.needsGrad(1)) {
      // ∂B = op(A)ᵀ·g, transposed back when B was transposed
      db = tb ? matmul(g, a, { transposeA: true, transposeB: ta }) : matmul(a, g, { transposeA: !ta });
      db = view(sumToShape(db, bShape), ctx.inputShapes[1]);
    }
    return [da, db];
  },
};
