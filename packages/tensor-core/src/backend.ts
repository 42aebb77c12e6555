/**
 * The one Backend interface. A backend is a plain object that implements every member below;
 * a missing kernel is a compile error in that backend, never a runtime "kernel not registered".
 *
 * Contract shared by every kernel:
 * - Inputs are dense, row-major (C-order) buffers described by a {@link TensorInfo}.
 * - Every kernel allocates and returns a NEW buffer for its output; it never writes its inputs.
 * - tensor-core computes each output's shape once and passes it to the routine as its LAST
 *   argument, `outShape` (the backprops' `xShape`/`wShape`, `slice`'s `size` and `broadcastTo`'s
 *   `shape` play that part for theirs); a routine whose output has an input's shape gets none.
 *   Kernels size and index their output by it and never derive it again.
 * - tensor-core validates shapes and dtypes before calling a kernel, so kernels may assume
 *   well-formed arguments (the shapes documented here). Kernels may still throw on failure.
 * - Kernels are enqueued synchronously and return at once; only `read` is asynchronous, so an
 *   asynchronous device (WebGPU) records work and synchronises on reads alone.
 */
import type { DType, TypedArray } from './dtype.js';
import type { ElementwiseProgram } from './elementwise/program.js';

/** Opaque handle to a backend-owned buffer. Each backend decides what it is. */
export type DataId = object;

/** A buffer plus the logical shape and dtype it holds. */
export interface TensorInfo {
  /** The backend buffer (an opaque handle the backend created). */
  readonly dataId: DataId;
  /** Logical shape of the values, row-major. */
  readonly shape: readonly number[];
  /** Element type stored in the buffer. */
  readonly dtype: DType;
}

/**
 * A strided view of a buffer: element `j` (a multi-index over the viewing shape) is buffer element
 * `offset + Σ strides[d]·j[d]`. Slices and broadcasts of a buffer read through one are free.
 */
export interface StridedView {
  /** Index, in elements of the buffer, of the view's first element (the one at all-zero coordinates). */
  readonly offset: number;
  /** One per axis of the viewing shape, in elements (0 repeats an element along that axis). */
  readonly strides: readonly number[];
}

/** An input of an elementwise program: a buffer seen through `shape`, contiguously or as a strided `view`. */
export interface ElementwiseInput extends TensorInfo {
  /** How `shape`'s elements lie in the buffer; absent: contiguous from element 0. */
  readonly view?: StridedView;
}

export type { UnaryOp, BinaryOp } from './op-table/index.js';
export { UNARY_OPS, BINARY_OPS, unaryOutDType, binaryOutDType } from './op-table/index.js';

/** Reductions over a set of axes. `any`/`all` return bool; the others keep the input dtype
 * (sum/prod of bool are sent as int32). An empty reduction gives the identity: sum 0, prod 1,
 * max -Infinity, min +Infinity (int32: its min/max value), any false, all true. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'any' | 'all';

/** Index reductions along one axis; output int32; ties resolve to the FIRST index; NaN wins. */
export type ArgReduceOp = 'argmax' | 'argmin';

/** Convolution geometry (NCHW activations, OIHW filters). `pads` = [top, bottom, left, right]. */
export interface Conv2dParams {
  /** [vertical, horizontal] step between output positions. */
  readonly strides: readonly [number, number];
  /** Zero padding [top, bottom, left, right]. */
  readonly pads: readonly [number, number, number, number];
  /** [vertical, horizontal] spacing between filter taps (1: dense). */
  readonly dilations: readonly [number, number];
}

/** Pooling geometry (NCHW). `pads` = [top, bottom, left, right]; padded cells never win a max
 * and, unless `countIncludePad`, are left out of an average's divisor. */
export interface Pool2dParams {
  /** Window [height, width]. */
  readonly kernel: readonly [number, number];
  /** [vertical, horizontal] step between windows. */
  readonly strides: readonly [number, number];
  /** Padding [top, bottom, left, right]. */
  readonly pads: readonly [number, number, number, number];
  /** Whether an average divides by the full window, padded cells included (else by the real cells only). */
  readonly countIncludePad: boolean;
}

/**
 * Fused attention settings. Operands: q [B, L, E], k [B, S, E], v [B, S, Ev], and an optional
 * additive `bias` [Bb, Lb, Sb] with Bb ∈ {1, B}, Lb ∈ {1, L}, Sb ∈ {1, S} (size-1 dims broadcast;
 * −∞ blocks a key). Scores are q·kᵀ·scale + bias, keys j > i are blocked when `causal`.
 */
export interface AttentionParams {
  /** Factor on q·kᵀ before the softmax (usually 1/√E). */
  readonly scale: number;
  /** Whether query i may only attend to keys j ≤ i. */
  readonly causal: boolean;
}

/** The two gradients of the fused LSTM cell: dGates [B, 4H] and dState [B, 2H]. */
export interface LstmCellGradIds {
  /** Gradient of the gate pre-activations, [B, 4H]. */
  readonly dGates: DataId;
  /** Gradient of the state [B, 2H]: zeros in the h half (the cell does not read h), dc in the c half. */
  readonly dState: DataId;
}

/** The three gradients of fused attention: dq [B, L, E], dk [B, S, E], dv [B, S, Ev]. */
export interface AttentionGradIds {
  /** Gradient of q, [B, L, E]. */
  readonly dq: DataId;
  /** Gradient of k, [B, S, E]. */
  readonly dk: DataId;
  /** Gradient of v, [B, S, Ev]. */
  readonly dv: DataId;
}

/** Bytes and buffers a backend holds. */
export interface BackendMemory {
  /** Bytes held by live tensor buffers. */
  readonly numBytes: number;
  /** Number of live tensor buffers. */
  readonly numDataBuffers: number;
  /** Anything else worth reporting (pool sizes, heap size, thread count...). */
  readonly details?: Readonly<Record<string, number | string | boolean>>;
}

/**
 * A backend's costs for fusion's choice between recomputing a shared deferred value in each
 * program that reads it and computing it once into a buffer, in units of one arithmetic step on
 * one element (an add of two float32 values). A value that a tensor still holds, or that several
 * deferred programs read, runs as its own kernel when `elements × (its fused cost per element −
 * buffer) > kernel`; its fused cost counts each arithmetic step 1 and each `float`-kind step
 * (exp, tanh, sigmoid, div, …) `floatStep`.
 */
export interface FusionCosts {
  /** Fixed cost of one more kernel: the op's dispatch, parameters and buffer bookkeeping. */
  readonly kernel: number;
  /** Cost per element of writing a buffer and reading it back. */
  readonly buffer: number;
  /** Cost of one `float`-kind op (transcendentals, division) per element. */
  readonly floatStep: number;
}

/** The primitives every backend implements. Composite ops live in tensor-core. */
export interface Backend {
  /** Registry name: 'js', 'wasm', 'webgpu', ... */
  readonly name: string;
  /** Whether float64 tensors can be stored and computed. */
  readonly supportsFloat64: boolean;
  /** The largest single buffer this backend can hold, in bytes (a GPU's buffer size limit...); see setAllocationLimit. */
  readonly maxAllocationBytes?: number;
  /**
   * False once the backend can run nothing more (a lost or failed GPU device); `setBackend(name)`
   * then creates a new instance. Absent means always usable.
   */
  readonly usable?: boolean;
  /**
   * What fusion weighs before computing a deferred value inside every program that reads it
   * instead of running it once as its own kernel (see {@link FusionCosts}). Absent: always
   * inside (a GPU, where one more launch costs more than recomputing any fused chain).
   */
  readonly fusionCosts?: FusionCosts;

  // ---- storage -------------------------------------------------------------------------------
  /** Copy host values into a new buffer of `dtype` (values.length elements). */
  write(values: TypedArray, dtype: DType): DataId;
  /** A new buffer of `size` elements of `dtype`, all equal to `value`. */
  fill(size: number, value: number, dtype: DType): DataId;
  /** Copy a buffer back to the host. The only synchronisation point. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Synchronous read; absent on backends that cannot block (WebGPU). */
  readonly readSync?: (dataId: DataId) => TypedArray;
  /** Release a buffer. Called exactly once per buffer by tensor-core. */
  disposeData(dataId: DataId): void;
  /** Current memory held. */
  memory(): BackendMemory;
  /**
   * Release what the backend holds beyond its buffers — worker threads, devices, pools. Later
   * kernels may run degraded (on the calling thread) or fail, depending on the backend.
   */
  dispose(): void;
  /** Wait until every kernel enqueued so far has finished (asynchronous devices); absent when kernels run synchronously. */
  readonly flush?: () => Promise<void>;

  // ---- elementwise ---------------------------------------------------------------------------
  /**
   * Run an elementwise program (see elementwise/program.ts): `inputs[i]` has dtype
   * `program.inputs[i]` and broadcasts (NumPy rules) to `outShape`; the output has `outShape` and
   * the dtype of the program's last step. Semantics per op are the op tables' (op-table/):
   * - float results are computed per step and rounded to the step's dtype (float32 steps round);
   * - int32 arithmetic wraps around (two's complement); int32 `floorDiv`/`mod` by zero give 0;
   * - `step(x) = x >= 0 ? 1 : 0` with `step(NaN) = NaN`, `relu(NaN) = NaN`, `maximum`/`minimum`
   *   propagate NaN, comparisons with NaN are false except `notEqual`;
   * - casts: float → int32 truncates toward zero and SATURATES like WebAssembly's `trunc_sat`
   *   (NaN → 0, ±Infinity and values beyond the int32 range → INT32_MIN / INT32_MAX); anything →
   *   bool is `!= 0` (NaN → true); int32 → float32 rounds to nearest.
   * An input with a `view` reads its buffer through it (its offset and strides, then broadcast to
   * `outShape` like any input); several inputs may view one buffer.
   * Matmul, convolutions, pooling, gather/scatter and reductions stay routines below.
   */
  elementwise(program: ElementwiseProgram, inputs: readonly ElementwiseInput[], outShape: readonly number[]): DataId;

  // ---- reductions ----------------------------------------------------------------------------
  /** Reduce over `axes` (sorted, unique, non-negative); `outShape` is x.shape without those axes. */
  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[], outShape: readonly number[]): DataId;
  /** Index of the max/min along `axis`, int32; `outShape` is x.shape without that axis. */
  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number, outShape: readonly number[]): DataId;

  // ---- linear algebra ------------------------------------------------------------------------
  /**
   * Batched matrix product. `a` is [batchA, M, K] (or [batchA, K, M] when transposeA),
   * `b` is [batchB, K, N] (or [batchB, N, K] when transposeB); batchA and batchB are equal or
   * one of them is 1 (broadcast). `outShape` is [max(batchA, batchB), M, N]; float dtype.
   */
  matmul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, outShape: readonly number[]): DataId;

  // ---- data movement -------------------------------------------------------------------------
  /** Output[i0..] = x[i_perm[0]..]; `outShape` is x.shape permuted by perm (`outShape[i] = x.shape[perm[i]]`). */
  transpose(x: TensorInfo, perm: readonly number[], outShape: readonly number[]): DataId;
  /** Broadcast x (rank equal to shape's rank, each dim 1 or equal) to `shape`. */
  broadcastTo(x: TensorInfo, shape: readonly number[]): DataId;
  /** Contiguous box: `begin` and `size` per axis, already validated and in range. */
  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): DataId;
  /**
   * Overwrite, in place, the box of `target` starting at `begin` with `source` (same dtype and
   * rank, the box inside `target`; validated). The one mutating kernel: KV caches append with it.
   */
  writeSlice(target: TensorInfo, source: TensorInfo, begin: readonly number[]): void;
  /** Constant padding: `pads[i] = [before, after]` (non-negative) for axis i; `outShape[i]` is x.shape[i] + before + after. */
  pad(x: TensorInfo, pads: readonly (readonly [number, number])[], value: number, outShape: readonly number[]): DataId;
  /** Join along `axis`; all inputs share dtype and every other dim; `outShape[axis]` is the sum of theirs. */
  concat(xs: readonly TensorInfo[], axis: number, outShape: readonly number[]): DataId;
  /** `outShape` = x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]; indices int32, in range. */
  gather(x: TensorInfo, indices: TensorInfo, axis: number, outShape: readonly number[]): DataId;
  /**
   * Inverse of gather: out = copy of x, then for every position j of `indices`,
   * out[..., indices[j], ...] += updates[..., j, ...] along `axis` (duplicates accumulate).
   * updates.shape = x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]. No `outShape`
   * argument: the output has x's shape, which `x` already carries, so there is nothing to recompute.
   */
  scatterAdd(x: TensorInfo, indices: TensorInfo, updates: TensorInfo, axis: number): DataId;

  // ---- sorting -------------------------------------------------------------------------------
  /**
   * Stable sort order along `axis`: int32 of x's shape, each line along `axis` holding the source
   * positions in sorted order (ascending, or descending; equal values keep their order). NaN counts
   * as larger than every number (last ascending, first descending). bool is sent as int32.
   * No `outShape` argument: the output has x's shape, which `x` already carries.
   */
  argsort(x: TensorInfo, axis: number, descending: boolean): DataId;

  // ---- attention (see AttentionParams for the operands) ----------------------------------------
  /**
   * Fused softmax(q·kᵀ·scale + bias)·v with online softmax, never materialising the [L, S] scores:
   * → `outShape` [B, L, Ev + 1], each row the output followed by the row's logsumexp of the scores
   * (−∞ and an output of 0 when every key is blocked).
   */
  attention(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, p: AttentionParams, outShape: readonly number[]): DataId;
  /**
   * Gradients of {@link Backend.attention} given its packed output `out` [B, L, Ev + 1] and the
   * packed gradient `dOut` [B, L, Ev + 1] (a gradient of the logsumexp column counts too),
   * recomputing the weights from the logsumexp with O(L + S) extra memory. The gradients have
   * q's, k's and v's shapes, so no output shape is passed.
   */
  attentionBackward(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, out: TensorInfo, dOut: TensorInfo, p: AttentionParams): AttentionGradIds;

  // ---- recurrent cells --------------------------------------------------------------------------
  /**
   * Fused LSTM cell. `gates` [B, 4H]: the pre-activations of the input, forget and output gates
   * and of the candidate, in that order (a_i, a_f, a_o, a_g, each H wide); `state` [B, 2H] =
   * [h | c] (only c is read) → `outShape` [B, 2H] = [h' | c'] with i = σ(a_i), f = σ(a_f),
   * o = σ(a_o), g = tanh(a_g), c' = f·c + i·g, h' = o·tanh(c'). One float dtype throughout;
   * σ and tanh as the backend's `sigmoid` and `tanh` ops compute them.
   */
  lstmCell(gates: TensorInfo, state: TensorInfo, outShape: readonly number[]): DataId;
  /**
   * Gradients of {@link Backend.lstmCell} given its output `out` [B, 2H] and the output gradient
   * `dOut` [B, 2H] = [dh' | dc'], the gate activations recomputed from `gates`: with
   * t = tanh(c') and dc = dc' + dh'·o·(1 − t²), dGates = [dc·g·i(1 − i) | dc·c·f(1 − f) |
   * dh'·t·o(1 − o) | dc·i·(1 − g²)] and dState = [0 | dc·f]. The gradients have the shapes of
   * `gates` and `state`, so no output shape is passed.
   */
  lstmCellBackward(gates: TensorInfo, state: TensorInfo, out: TensorInfo, dOut: TensorInfo): LstmCellGradIds;

  // ---- convolution and pooling (NCHW) --------------------------------------------------------
  /** x [N, C, H, W], w [O, C, KH, KW] → `outShape` [N, O, OH, OW] (OH, OW per {@link convOutSize}). */
  conv2d(x: TensorInfo, w: TensorInfo, p: Conv2dParams, outShape: readonly number[]): DataId;
  /** dy [N, O, OH, OW], w [O, C, KH, KW] → dx of shape xShape [N, C, H, W]. */
  conv2dBackpropInput(dy: TensorInfo, w: TensorInfo, xShape: readonly number[], p: Conv2dParams): DataId;
  /** x [N, C, H, W], dy [N, O, OH, OW] → dw of shape wShape [O, C, KH, KW]. */
  conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, wShape: readonly number[], p: Conv2dParams): DataId;
  /** x [N, C, H, W] → `outShape` [N, C, OH, OW] (OH, OW per {@link convOutSize}). */
  maxPool2d(x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): DataId;
  /** Routes dy to the first maximal element of each window (ties → first in row-major order); dx has x's shape. */
  maxPool2dBackprop(dy: TensorInfo, x: TensorInfo, p: Pool2dParams): DataId;
  /** x [N, C, H, W] → `outShape` [N, C, OH, OW]: the mean of each window (divisor per `countIncludePad`). */
  avgPool2d(x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): DataId;
  /** dx of shape xShape: each window spreads dy / divisor over its cells. */
  avgPool2dBackprop(dy: TensorInfo, xShape: readonly number[], p: Pool2dParams): DataId;
}

/** Output size of a strided, padded, dilated window along one axis. */
export function convOutSize(inSize: number, kernel: number, stride: number, padBefore: number, padAfter: number, dilation = 1): number {
  const effective = (kernel - 1) * dilation + 1;
  return Math.floor((inSize + padBefore + padAfter - effective) / stride) + 1;
}

/** Output dtype of a reduction. */
export function reduceOutDType(op: ReduceOp, x: DType): DType {
  return op === 'any' || op === 'all' ? 'bool' : x;
}
