/**
 * Every op that is recorded for autodiff, with the attributes it records. An autodiff package can
 * type its gradient table as `{ [K in OpName]: GradFn<K> }`, so a missing gradient is a compile
 * error. Ops not listed here are either composites of listed ops (their graph is recorded op by
 * op) or produce non-float outputs (comparisons, argmax, ...), which carry no gradient.
 */
import type { Conv2dParams, Pool2dParams } from './backend.js';
import type { BinaryOpOfKind, PredicateOp } from './op-table/derived.js';
import type { UnaryOp } from './op-table/unary-ops.js';
import type { DType } from './dtype.js';

/** Attributes of an op without attributes. */
export type NoAttrs = Record<string, never>;

/** Reduction attributes: resolved, sorted axes and keepDims. */
export interface ReduceAttrs {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

/** Float unary ops recorded under their own name (inputs: [x]): every unary table op but the predicates. */
export type RecordedUnaryOp = Exclude<UnaryOp, PredicateOp>;

/** Binary ops recorded under their own name (inputs [a, b] after dtype promotion, broadcasting to the output shape). */
export type RecordedBinaryOp = BinaryOpOfKind<'float' | 'arithmetic'>;

/** The table of recorded ops and their attributes. */
export type OpAttrMap = { readonly [K in RecordedUnaryOp]: NoAttrs } & { readonly [K in RecordedBinaryOp]: NoAttrs } & {
  /** inputs [cond, a, b] */
  readonly where: NoAttrs;
  readonly clip: { readonly lo: number; readonly hi: number };
  readonly cast: { readonly dtype: DType };
  // reductions, inputs [x]
  readonly sum: ReduceAttrs;
  readonly prod: ReduceAttrs;
  readonly max: ReduceAttrs;
  readonly min: ReduceAttrs;
  readonly logsumexp: ReduceAttrs;
  readonly softmax: { readonly axis: number };
  readonly logSoftmax: { readonly axis: number };
  /** inputs [a, b] of any rank >= 1 with numpy matmul semantics; flags transpose the last two dims */
  readonly matmul: { readonly transposeA: boolean; readonly transposeB: boolean };
  // layout, inputs [x]
  readonly reshape: { readonly shape: readonly number[] };
  readonly transpose: { readonly perm: readonly number[] };
  readonly broadcastTo: { readonly shape: readonly number[] };
  readonly slice: { readonly begin: readonly number[]; readonly size: readonly number[] };
  readonly pad: { readonly pads: readonly (readonly [number, number])[]; readonly value: number };
  /** inputs: the joined tensors */
  readonly concat: { readonly axis: number };
  /** inputs [x, indices] */
  readonly gather: { readonly axis: number };
  /** inputs [x, indices, updates] */
  readonly scatterAdd: { readonly axis: number };
  /** inputs [x [..., M, N]]: keep j − i ≤ diagonal (tril) or ≥ diagonal (triu), zero the rest */
  readonly tril: { readonly diagonal: number };
  readonly triu: { readonly diagonal: number };
  /** inputs [x]; int32 output (no gradient), recorded so exporters see it */
  readonly argsort: { readonly axis: number; readonly descending: boolean };
  /**
   * inputs [q [B,L,E], k [B,S,E], v [B,S,Ev]] or with a float bias [Bb,Lb,Sb] last; output
   * [B, L, Ev + 1]: attention output then the row's logsumexp (Backend.attention)
   */
  readonly attention: { readonly scale: number; readonly causal: boolean };
  // convolution and pooling, NCHW
  /** inputs [x, w] */
  readonly conv2d: Conv2dParams;
  /** inputs [dy, w] */
  readonly conv2dBackpropInput: Conv2dParams & { readonly xShape: readonly number[] };
  /** inputs [x, dy] */
  readonly conv2dBackpropFilter: Conv2dParams & { readonly wShape: readonly number[] };
  /** inputs [x] */
  readonly maxPool2d: Pool2dParams;
  readonly avgPool2d: Pool2dParams;
  /** inputs [dy, x] */
  readonly maxPool2dBackprop: Pool2dParams;
  /** inputs [dy] */
  readonly avgPool2dBackprop: Pool2dParams & { readonly xShape: readonly number[] };
};

/** Name of a recorded op. */
export type OpName = keyof OpAttrMap;
