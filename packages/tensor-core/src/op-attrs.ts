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
  /** The reduced axes, each ≥ 0, ascending, without repeats. */
  readonly axes: readonly number[];
  /** Whether reduced axes stay in the output shape as size 1. */
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
  /** inputs [x]: min(max(x, lo), hi) */
  readonly clip: {
    /** Lower bound. */
    readonly lo: number;
    /** Upper bound (≥ lo). */
    readonly hi: number;
  };
  /** inputs [x] */
  readonly cast: {
    /** The dtype converted to. */
    readonly dtype: DType;
  };
  // reductions, inputs [x]
  /** inputs [x]: Σ over `axes` */
  readonly sum: ReduceAttrs;
  /** inputs [x]: product over `axes` */
  readonly prod: ReduceAttrs;
  /** inputs [x]: maximum over `axes` */
  readonly max: ReduceAttrs;
  /** inputs [x]: minimum over `axes` */
  readonly min: ReduceAttrs;
  /** inputs [x]: log Σ exp over `axes` */
  readonly logsumexp: ReduceAttrs;
  /** inputs [x] */
  readonly softmax: {
    /** The axis normalised over (≥ 0). */
    readonly axis: number;
  };
  /** inputs [x] */
  readonly logSoftmax: {
    /** The axis normalised over (≥ 0). */
    readonly axis: number;
  };
  /** inputs [a, b] of any rank >= 1 with numpy matmul semantics; flags transpose the last two dims */
  readonly matmul: {
    /** Whether a's last two axes are swapped. */
    readonly transposeA: boolean;
    /** Whether b's last two axes are swapped. */
    readonly transposeB: boolean;
  };
  // layout, inputs [x]
  /** inputs [x] */
  readonly reshape: {
    /** The output shape (resolved: no −1). */
    readonly shape: readonly number[];
  };
  /** inputs [x] */
  readonly transpose: {
    /** Output axis i is input axis perm[i]. */
    readonly perm: readonly number[];
  };
  /** inputs [x] */
  readonly broadcastTo: {
    /** The output shape x broadcasts to. */
    readonly shape: readonly number[];
  };
  /** inputs [x] */
  readonly slice: {
    /** First index taken on each axis. */
    readonly begin: readonly number[];
    /** Elements taken on each axis (the output shape). */
    readonly size: readonly number[];
  };
  /** inputs [x] */
  readonly pad: {
    /** [before, after] elements added on each axis. */
    readonly pads: readonly (readonly [number, number])[];
    /** The value written into the added elements. */
    readonly value: number;
  };
  /** inputs: the joined tensors */
  readonly concat: {
    /** The axis joined along (≥ 0). */
    readonly axis: number;
  };
  /** inputs [x, indices] */
  readonly gather: {
    /** The axis of x the indices select along (≥ 0). */
    readonly axis: number;
  };
  /** inputs [x, indices, updates] */
  readonly scatterAdd: {
    /** The axis of x the indices address (≥ 0). */
    readonly axis: number;
  };
  /** inputs [x [..., M, N]]: keep j − i ≤ diagonal (tril) or ≥ diagonal (triu), zero the rest */
  readonly tril: {
    /** Offset of the kept band's edge from the main diagonal (0: the main diagonal; > 0 above it). */
    readonly diagonal: number;
  };
  /** inputs [x [..., M, N]]: keep j − i ≥ diagonal, zero the rest */
  readonly triu: {
    /** Offset of the kept band's edge from the main diagonal (0: the main diagonal; > 0 above it). */
    readonly diagonal: number;
  };
  /** inputs [x]; int32 output (no gradient), recorded so exporters see it */
  readonly argsort: {
    /** The axis sorted along (≥ 0). */
    readonly axis: number;
    /** Whether the largest value comes first. */
    readonly descending: boolean;
  };
  /**
   * inputs [q [B,L,E], k [B,S,E], v [B,S,Ev]] or with a float bias [Bb,Lb,Sb] last; output
   * [B, L, Ev + 1]: attention output then the row's logsumexp (Backend.attention)
   */
  readonly attention: {
    /** Factor on q·kᵀ before the softmax. */
    readonly scale: number;
    /** Whether keys after the query's position are blocked. */
    readonly causal: boolean;
  };
  /**
   * inputs [gates [B, 4H] (pre-activations i, f, o, g), state [B, 2H] = [h | c]]; output
   * [B, 2H] = [h' | c'] (Backend.lstmCell)
   */
  readonly lstmCell: NoAttrs;
  // convolution and pooling, NCHW
  /** inputs [x, w] */
  readonly conv2d: Conv2dParams;
  /** inputs [dy, w] */
  readonly conv2dBackpropInput: Conv2dParams & {
    /** Shape of the forward input x, [N, C, H, W]: the shape of the result. */
    readonly xShape: readonly number[];
  };
  /** inputs [x, dy] */
  readonly conv2dBackpropFilter: Conv2dParams & {
    /** Shape of the filter w, [O, C, KH, KW]: the shape of the result. */
    readonly wShape: readonly number[];
  };
  /** inputs [x] */
  readonly maxPool2d: Pool2dParams;
  /** inputs [x] */
  readonly avgPool2d: Pool2dParams;
  /** inputs [dy, x] */
  readonly maxPool2dBackprop: Pool2dParams;
  /** inputs [dy] */
  readonly avgPool2dBackprop: Pool2dParams & {
    /** Shape of the forward input x, [N, C, H, W]: the shape of the result. */
    readonly xShape: readonly number[];
  };
};

/** Name of a recorded op. */
export type OpName = keyof OpAttrMap;
