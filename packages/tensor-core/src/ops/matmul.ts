/** Batched matrix multiplication with NumPy semantics; transposes go to the kernel, never copied. */
import { tidy } from '../engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { describeValue } from '../describe-value.js';
import { checkAllocation } from '../allocation.js';
import { broadcastShapes, shapesEqual, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertFloat, backendOf, computeDeferred, runKernel, runOp, wrap } from './run.js';
import type { TensorInfo } from '../backend.js';
import { broadcastTo, reshape } from './layout.js';

/** Matmul flags: transpose the last two dimensions of an operand. */
export interface MatmulOptions {
  /** Use aᵀ (its last two axes swapped) instead of a (default false). */
  readonly transposeA?: boolean;
  /** Use bᵀ (its last two axes swapped) instead of b (default false). */
  readonly transposeB?: boolean;
}

/** The last two dimensions of a shape of rank >= 2 (indexed: shapes are frozen arrays, slow to slice). */
function lastTwo(shape: readonly number[]): number[] {
  return [shape[shape.length - 2], shape[shape.length - 1]];
}

/** Whether an operand with batch dims `tb` is the full `batch` or a single matrix (so a view, no broadcast copy). */
function viewable(tb: readonly number[], batch: readonly number[]): boolean {
  return sizeOf(tb) === 1 || (tb.length === batch.length && shapesEqual(tb, batch));
}

/** `t` as the kernel's [batch | 1, rows, cols] operand: the same buffer under a 3-D shape. */
function view3(t: Tensor, tb: readonly number[], last2: readonly number[], batchSize: number): TensorInfo {
  return { dataId: t.dataId, dtype: t.dtype, shape: [sizeOf(tb) === 1 ? 1 : batchSize, last2[0], last2[1]] };
}

/**
 * a @ b. a: [..., M, K] (or [..., K, M] with transposeA), b: [..., K, N] (or [..., N, K] with
 * transposeB) → [...broadcast batch, M, N]; batch dimensions broadcast; a 1-D a is a row vector and a 1-D b
 * a column vector (their extra dimension is removed from the result). Float inputs only.
 *
 * @example
 * ```ts
 * import { matmul, randn } from '@nabla/tensor-core';
 *
 * const x = randn([32, 784]);
 * const w = randn([10, 784]);
 * const logits = matmul(x, w, { transposeB: true });   // [32, 10], as x.matmul(w.T)
 * const batched = matmul(randn([8, 4, 5]), randn([5, 6])); // [8, 4, 6]: b broadcasts over the batch
 * ```
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const op = 'matmul';
  const backend = backendOf(op, [a, b]);
  if (typeof options !== 'object' || options === null) throw new ArgumentError(op, `options must be { transposeA?, transposeB? }, got ${describeValue(options)}`);
  assertFloat(op, a);
  assertFloat(op, b);
  if (a.dtype !== b.dtype) throw new DTypeError(op, `dtypes differ: ${a.dtype} ${fmtShape(a.shape)} x ${b.dtype} ${fmtShape(b.shape)}`);
  if (a.rank === 0 || b.rank === 0) throw new ShapeError(op, `operands must have rank >= 1, got ${fmtShape(a.shape)} x ${fmtShape(b.shape)}`);
  const transposeA = (options.transposeA ?? false) && a.rank >= 2;
  const transposeB = (options.transposeB ?? false) && b.rank >= 2;
  const a2 = a.rank === 1 ? [1, a.shape[0]] : lastTwo(a.shape);
  const b2 = b.rank === 1 ? [b.shape[0], 1] : lastTwo(b.shape);
  const [m, k] = transposeA ? [a2[1], a2[0]] : [a2[0], a2[1]];
  const [k2, n] = transposeB ? [b2[1], b2[0]] : [b2[0], b2[1]];
  if (k !== k2) {
    const ta = transposeA ? 'ᵀ' : '';
    const tb = transposeB ? 'ᵀ' : '';
    throw new ShapeError(op, `inner dimensions differ: ${fmtShape(a.shape)}${ta} x ${fmtShape(b.shape)}${tb} (${k} != ${k2})`);
  }
  const batchA = a.rank > 2 ? [...a.shape].slice(0, -2) : [];
  const batchB = b.rank > 2 ? [...b.shape].slice(0, -2) : [];
  const batch = broadcastShapes(op, batchA, batchB);
  const outShape = [...batch, ...(a.rank === 1 ? [] : [m]), ...(b.rank === 1 ? [] : [n])];
  const batchSize = sizeOf(batch);
  checkAllocation(op, backend, outShape, a.dtype);
  if (viewable(batchA, batch) && viewable(batchB, batch)) {
    return runKernel(op, [a, b], { transposeA, transposeB }, () =>
      wrap(backend, backend.matmul(view3(a, batchA, a2, batchSize), view3(b, batchB, b2, batchSize), transposeA, transposeB, [batchSize, m, n]), outShape, a.dtype));
  }
  return runOp(op, [a, b], { transposeA, transposeB }, () => {
    const as3 = (t: Tensor, tb: readonly number[], last2: readonly number[]): Tensor => {
      if (viewable(tb, batch)) return reshape(t, [sizeOf(tb) === 1 ? 1 : batchSize, last2[0], last2[1]]);
      return reshape(broadcastTo(reshape(t, [...tb, ...last2]), [...batch, ...last2]), [batchSize, last2[0], last2[1]]);
    };
    const a3 = as3(a, batchA, a2);
    const b3 = as3(b, batchB, b2);
    computeDeferred([a3, b3]);
    const shape3 = [batchSize, m, n];
    const out = wrap(backend, backend.matmul(a3, b3, transposeA, transposeB, shape3), shape3, a.dtype);
    return reshape(out, outShape);
  });
}

/** Outer product of two vectors: [M] x [N] → [M, N]. */
export function outer(a: Tensor, b: Tensor): Tensor {
  backendOf('outer', [a, b]);
  if (a.rank !== 1 || b.rank !== 1) throw new ShapeError('outer', `expects two vectors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return tidy(() => matmul(reshape(a, [a.size, 1]), reshape(b, [1, b.size])));
}
