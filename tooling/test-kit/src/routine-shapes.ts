/**
 * Backend routines called the way tensor-core calls them, with their `outShape` worked out from the
 * operands here: what kernel tests use when they exercise a routine directly. The shape rules are
 * written again on purpose (from backend.ts's contract, not tensor-core's code), so a test that
 * passes them checks a backend against an independent statement of each output's shape.
 */
import type {
  ArgReduceOp, AttentionParams, Backend, Conv2dParams, DataId, Pool2dParams, ReduceOp, TensorInfo,
} from '@nabla/tensor-core';

/** Output size of a window of `kernel` taps spaced `dilation` apart, sliding by `stride` over a padded axis. */
function windowCount(size: number, kernel: number, stride: number, before: number, after: number, dilation: number): number {
  return Math.floor((size + before + after - ((kernel - 1) * dilation + 1)) / stride) + 1;
}

/** x.shape without `axes` (reduce, argReduce). */
export function reduceOutShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.filter((_, i) => !axes.includes(i));
}

/**
 * [batch, M, N] of a matmul of [batchA, M, K] and [batchB, K, N] (transposes swap the last two
 * dims; leading dims multiply into the batch, none is a batch of 1): a batch of 1 broadcasts to
 * the other, 0 included.
 */
export function matmulOutShape(a: readonly number[], b: readonly number[], transposeA: boolean, transposeB: boolean): number[] {
  const batchOf = (s: readonly number[]): number => s.slice(0, -2).reduce((n, d) => n * d, 1);
  const [batchA, batchB] = [batchOf(a), batchOf(b)];
  const [a0, a1] = a.slice(-2);
  const [b0, b1] = b.slice(-2);
  return [batchA === 1 ? batchB : batchA, transposeA ? a1 : a0, transposeB ? b0 : b1];
}

/** shape[perm[i]] for each i. */
export function transposeOutShape(shape: readonly number[], perm: readonly number[]): number[] {
  return perm.map((axis) => shape[axis]);
}

/** Each axis grown by its [before, after] pads. */
export function padOutShape(shape: readonly number[], pads: readonly (readonly [number, number])[]): number[] {
  return shape.map((d, i) => d + pads[i][0] + pads[i][1]);
}

/** The first shape with `axis` the sum of every input's. */
export function concatOutShape(shapes: readonly (readonly number[])[], axis: number): number[] {
  const out = [...shapes[0]];
  out[axis] = shapes.reduce((n, s) => n + s[axis], 0);
  return out;
}

/** x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]. */
export function gatherOutShape(xShape: readonly number[], indicesShape: readonly number[], axis: number): number[] {
  return [...xShape.slice(0, axis), ...indicesShape, ...xShape.slice(axis + 1)];
}

/** [N, O, OH, OW] of x [N, C, H, W] convolved with w [O, C, KH, KW]. */
export function conv2dOutShape(xShape: readonly number[], wShape: readonly number[], p: Conv2dParams): number[] {
  return [
    xShape[0], wShape[0],
    windowCount(xShape[2], wShape[2], p.strides[0], p.pads[0], p.pads[1], p.dilations[0]),
    windowCount(xShape[3], wShape[3], p.strides[1], p.pads[2], p.pads[3], p.dilations[1]),
  ];
}

/** [N, C, OH, OW] of pooling x [N, C, H, W]. */
export function pool2dOutShape(xShape: readonly number[], p: Pool2dParams): number[] {
  return [
    xShape[0], xShape[1],
    windowCount(xShape[2], p.kernel[0], p.strides[0], p.pads[0], p.pads[1], 1),
    windowCount(xShape[3], p.kernel[1], p.strides[1], p.pads[2], p.pads[3], 1),
  ];
}

/** [B, L, Ev + 1] of fused attention with q [B, L, E] and v [B, S, Ev]. */
export function attentionOutShape(qShape: readonly number[], vShape: readonly number[]): number[] {
  return [qShape[0], qShape[1], vShape[2] + 1];
}

/** The routines of {@link withOutShapes}: each Backend routine's arguments without its trailing `outShape`. */
export interface ShapedRoutines {
  /** `Backend.reduce` with {@link reduceOutShape}. */
  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[]): DataId;
  /** `Backend.argReduce` with {@link reduceOutShape}. */
  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number): DataId;
  /** `Backend.matmul` with {@link matmulOutShape}. */
  matmul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): DataId;
  /** `Backend.transpose` with {@link transposeOutShape}. */
  transpose(x: TensorInfo, perm: readonly number[]): DataId;
  /** `Backend.pad` with {@link padOutShape}. */
  pad(x: TensorInfo, pads: readonly (readonly [number, number])[], value: number): DataId;
  /** `Backend.concat` with {@link concatOutShape}. */
  concat(xs: readonly TensorInfo[], axis: number): DataId;
  /** `Backend.gather` with {@link gatherOutShape}. */
  gather(x: TensorInfo, indices: TensorInfo, axis: number): DataId;
  /** `Backend.attention` with {@link attentionOutShape}. */
  attention(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, p: AttentionParams): DataId;
  /** `Backend.conv2d` with {@link conv2dOutShape}. */
  conv2d(x: TensorInfo, w: TensorInfo, p: Conv2dParams): DataId;
  /** `Backend.maxPool2d` with {@link pool2dOutShape}. */
  maxPool2d(x: TensorInfo, p: Pool2dParams): DataId;
  /** `Backend.avgPool2d` with {@link pool2dOutShape}. */
  avgPool2d(x: TensorInfo, p: Pool2dParams): DataId;
}

/** `backend`'s routines, each called with the output shape the rules above give for its operands. */
export function withOutShapes(backend: Backend): ShapedRoutines {
  return {
    reduce: (op, x, axes) => backend.reduce(op, x, axes, reduceOutShape(x.shape, axes)),
    argReduce: (op, x, axis) => backend.argReduce(op, x, axis, reduceOutShape(x.shape, [axis])),
    matmul: (a, b, ta, tb) => backend.matmul(a, b, ta, tb, matmulOutShape(a.shape, b.shape, ta, tb)),
    transpose: (x, perm) => backend.transpose(x, perm, transposeOutShape(x.shape, perm)),
    pad: (x, pads, value) => backend.pad(x, pads, value, padOutShape(x.shape, pads)),
    concat: (xs, axis) => backend.concat(xs, axis, concatOutShape(xs.map((x) => x.shape), axis)),
    gather: (x, indices, axis) => backend.gather(x, indices, axis, gatherOutShape(x.shape, indices.shape, axis)),
    attention: (q, k, v, bias, p) => backend.attention(q, k, v, bias, p, attentionOutShape(q.shape, v.shape)),
    conv2d: (x, w, p) => backend.conv2d(x, w, p, conv2dOutShape(x.shape, w.shape, p)),
    maxPool2d: (x, p) => backend.maxPool2d(x, p, pool2dOutShape(x.shape, p)),
    avgPool2d: (x, p) => backend.avgPool2d(x, p, pool2dOutShape(x.shape, p)),
  };
}
