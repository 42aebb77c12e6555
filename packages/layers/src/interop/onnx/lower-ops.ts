/**
 * How each traced tensor-core op becomes ONNX nodes (default domain, opset 13 and later): the
 * recorded ops and the unrecorded ones a trace also reports (comparisons, logical ops,
 * predicates, argmax/argmin, any/all). Ops without an entry (gradients, scatterAdd, mod, atan2)
 * are rejected by the exporter.
 */
import {
  BINARY_TABLE, UNARY_TABLE, type BinaryOpSpec, type RecordedUnaryOp, type ReduceAttrs, type Tensor,
  type TracedOpAttrMap, type TracedOpName, type UnaryOpSpec,
} from '@nabla/tensor-core';
import { floatAttr, intAttr, intsAttr, type GraphBuilder } from './graph-builder.js';
import { int64Raw, onnxTypeOf, scalarRaw } from './host-bytes.js';
import { DATA_TYPE } from './schema.js';

/** What a lowering sees: the builder, the opset, the input value names and tensors, the output tensor. */
export interface LowerContext {
  readonly b: GraphBuilder;
  readonly opset: number;
  readonly inputs: readonly string[];
  readonly tensors: readonly Tensor[];
  readonly output: Tensor;
}

type Lowering<K extends TracedOpName> = (c: LowerContext, attrs: TracedOpAttrMap[K]) => string;
type LoweringTable = { readonly [K in TracedOpName]?: Lowering<K> };

const same = (opType: string) => (c: LowerContext): string => c.b.node(opType, c.inputs);

/** A float constant of the output's dtype. */
const constLike = (c: LowerContext, value: number, hint: string): string => c.b.scalar(value, onnxTypeOf(c.output.dtype), hint);

/** Reductions: axes as an input from opset 13 (ReduceSum) or 18 (the others), an attribute before. */
function reduce(opType: string, axesInputSince: number) {
  return (c: LowerContext, a: ReduceAttrs): string => {
    if (a.axes.length === 0) return c.b.node('Identity', c.inputs);
    const keep = intAttr('keepdims', a.keepDims ? 1 : 0);
    if (c.opset >= axesInputSince) return c.b.node(opType, [c.inputs[0], c.b.int64s(a.axes, 'axes')], [keep]);
    return c.b.node(opType, c.inputs, [intsAttr('axes', a.axes), keep]);
  };
}

/** Swap the last two dims when `flag` (a no-op below rank 2). */
function maybeTransposed(c: LowerContext, index: number, flag: boolean): string {
  const rank = c.tensors[index].rank;
  if (!flag || rank < 2) return c.inputs[index];
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return c.b.node('Transpose', [c.inputs[index]], [intsAttr('perm', perm)]);
}

/**
 * The 0/−∞ causal mask [L, S] added to scores [B, L, S] (key j blocked for query i when j > i).
 * From opset 14 it is computed from the scores' own shape (Trilu over −∞), so it follows a
 * dynamic sequence length; before, a constant of the traced size.
 */
function causalMask(c: LowerContext, scores: string, L: number, S: number): string {
  const { b } = c;
  if (c.opset >= 14) {
    const size = b.node('Slice', [b.node('Shape', [scores]), b.int64s([1], 'mask_start'), b.int64s([3], 'mask_end')]);
    const type = onnxTypeOf(c.output.dtype);
    const blocked = b.node('ConstantOfShape', [size], [{ name: 'value', kind: 'tensor', value: { name: 'value', dataType: type, dims: [1], raw: scalarRaw(-Infinity, type) } }]);
    return b.node('Trilu', [blocked, b.initializer(b.fresh(`${b.scope}/mask_k`), 'int64', [], int64Raw([1]))], [intAttr('upper', 1)]);
  }
  const blocked = new Float32Array(L * S);
  for (let i = 0; i < L; i++) blocked.fill(-Infinity, i * S + Math.min(S, i + 1), (i + 1) * S);
  return b.initializer(b.fresh('causal_mask'), 'float32', [L, S], new Uint8Array(blocked.buffer));
}

/**
 * Fused attention as plain ONNX: s = (q·scale)·kᵀ (+ bias, + the 0/−∞ causal mask), a stable
 * logsumexp per row (−∞ when every key is blocked), weights exp(s − lse) (0 on blocked rows), and
 * the packed [B, L, Ev + 1] output Concat(weights·v, lse).
 */
function attention(c: LowerContext, a: TracedOpAttrMap['attention']): string {
  const { b } = c;
  const [L, S] = [c.tensors[0].shape[1], c.tensors[1].shape[1]];
  const keepLast = { axes: [2], keepDims: true };
  const zero = constLike(c, 0, 'zero');
  let s = b.node('MatMul', [b.node('Mul', [c.inputs[0], constLike(c, a.scale, 'scale')]), b.node('Transpose', [c.inputs[1]], [intsAttr('perm', [0, 2, 1])])]);
  if (c.inputs.length > 3) s = b.node('Add', [s, c.inputs[3]]);
  if (a.causal) s = b.node('Add', [s, causalMask(c, s, L, S)]);
  const finiteOr0 = (x: string): string => b.node('Where', [b.node('IsInf', [x]), zero, x]);
  const rowMax = finiteOr0(reduce('ReduceMax', 18)({ ...c, inputs: [s] }, keepLast));
  const total = reduce('ReduceSum', 13)({ ...c, inputs: [b.node('Exp', [b.node('Sub', [s, rowMax])])] }, keepLast);
  const lse = b.node('Add', [rowMax, b.node('Log', [total])]);
  const weights = b.node('Exp', [b.node('Sub', [s, finiteOr0(lse)])]);
  return b.node('Concat', [b.node('MatMul', [weights, c.inputs[2]]), lse], [intAttr('axis', 2)]);
}

/**
 * The fused LSTM cell as plain ONNX: the gate blocks a_i, a_f, a_o, a_g sliced from gates [B, 4H],
 * c from the state's second half, c' = σ(a_f)·c + σ(a_i)·tanh(a_g), h' = σ(a_o)·tanh(c'), and
 * the [B, 2H] output Concat(h', c').
 */
function lstmCell(c: LowerContext): string {
  const { b } = c;
  const H = c.tensors[0].shape[1] / 4;
  const columns = (input: string, k: number): string => b.node('Slice', [input, b.int64s([k * H], 'starts'), b.int64s([(k + 1) * H], 'ends'), b.int64s([1], 'axes')]);
  const [i, f, o] = [0, 1, 2].map((k) => b.node('Sigmoid', [columns(c.inputs[0], k)]));
  const g = b.node('Tanh', [columns(c.inputs[0], 3)]);
  const cell = b.node('Add', [b.node('Mul', [f, columns(c.inputs[1], 1)]), b.node('Mul', [i, g])]);
  return b.node('Concat', [b.node('Mul', [o, b.node('Tanh', [cell])]), cell], [intAttr('axis', 1)]);
}

/** tril/triu: ONNX's Trilu from opset 14; before, Where with a constant bool mask. */
function triangle(c: LowerContext, diagonal: number, upper: boolean): string {
  const { b } = c;
  if (c.opset >= 14) {
    const k = b.initializer(b.fresh(`${b.scope}/k`), 'int64', [], int64Raw([diagonal]));
    return b.node('Trilu', [c.inputs[0], k], [intAttr('upper', upper ? 1 : 0)]);
  }
  const shape = c.tensors[0].shape;
  const [M, N] = [shape[shape.length - 2], shape[shape.length - 1]];
  const keep = new Uint8Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) keep[i * N + j] = (upper ? j - i >= diagonal : j - i <= diagonal) ? 1 : 0;
  const mask = b.initializer(b.fresh(`${b.scope}/triangle`), 'bool', [M, N], keep);
  return b.node('Where', [mask, c.inputs[0], constLike(c, 0, 'zero')]);
}

/** Nabla's pads [top, bottom, left, right] as ONNX's [top, left, bottom, right]. */
const onnxPads = (p: readonly [number, number, number, number]): number[] => [p[0], p[2], p[1], p[3]];

/** Ops whose op-table row names an ONNX operator of the same signature. */
function fromTable(table: Readonly<Record<string, UnaryOpSpec | BinaryOpSpec>>, names: readonly string[]): Record<string, (c: LowerContext) => string> {
  const out: Record<string, (c: LowerContext) => string> = {};
  for (const name of names) {
    const opType = table[name].onnx;
    if (opType !== undefined) out[name] = same(opType);
  }
  return out;
}

/** Unary ops that need more than one ONNX node (the others come from the op table's `onnx`). */
const UNARY: { readonly [K in RecordedUnaryOp]?: (c: LowerContext) => string } = {
  square: (c) => c.b.node('Mul', [c.inputs[0], c.inputs[0]]),
  rsqrt: (c) => c.b.node('Reciprocal', [c.b.node('Sqrt', c.inputs)]),
  expm1: (c) => c.b.node('Sub', [c.b.node('Exp', c.inputs), constLike(c, 1, 'one')]),
  log1p: (c) => c.b.node('Log', [c.b.node('Add', [c.inputs[0], constLike(c, 1, 'one')])]),
  // Heaviside with g(0) = 1 and g(NaN) = NaN: where(isNaN(x), x, cast(x >= 0))
  step: (c) => c.b.node('Where', [
    c.b.node('IsNaN', c.inputs), c.inputs[0],
    c.b.node('Cast', [c.b.node('GreaterOrEqual', [c.inputs[0], constLike(c, 0, 'zero')])], [intAttr('to', DATA_TYPE[onnxTypeOf(c.output.dtype)])]),
  ]),
  // trunc(x) = sign(x)·floor(|x|)
  trunc: (c) => c.b.node('Mul', [c.b.node('Sign', c.inputs), c.b.node('Floor', [c.b.node('Abs', c.inputs)])]),
};

/** A bool reduction (any/all) as ReduceMax/ReduceMin over the input cast to int32, cast back to bool. */
function boolReduce(opType: 'ReduceMax' | 'ReduceMin') {
  return (c: LowerContext, a: ReduceAttrs): string => {
    const ints = c.b.node('Cast', c.inputs, [intAttr('to', DATA_TYPE.int32)]);
    const reduced = reduce(opType, 18)({ ...c, inputs: [ints] }, a);
    return c.b.node('Cast', [reduced], [intAttr('to', DATA_TYPE.bool)]);
  };
}

/** argmax/argmin along one axis (first index on ties, as ONNX's default), int64 → int32. */
function argReduce(opType: 'ArgMax' | 'ArgMin') {
  return (c: LowerContext, a: { readonly axis: number }): string =>
    c.b.node('Cast', [c.b.node(opType, c.inputs, [intAttr('axis', a.axis), intAttr('keepdims', 0)])], [intAttr('to', DATA_TYPE.int32)]);
}

/** The ops a trace reports without recording them: comparisons, logical ops and predicates (bool outputs). */
const UNRECORDED: LoweringTable = {
  equal: same('Equal'),
  notEqual: (c) => c.b.node('Not', [c.b.node('Equal', c.inputs)]),
  less: same('Less'),
  lessEqual: same('LessOrEqual'),
  greater: same('Greater'),
  greaterEqual: same('GreaterOrEqual'),
  logicalAnd: same('And'),
  logicalOr: same('Or'),
  logicalXor: same('Xor'),
  logicalNot: (c) => (c.tensors[0].dtype === 'bool'
    ? c.b.node('Not', c.inputs)
    : c.b.node('Equal', [c.inputs[0], c.b.scalar(0, onnxTypeOf(c.tensors[0].dtype), 'zero')])),
  isNaN: same('IsNaN'),
  isFinite: (c) => c.b.node('Not', [c.b.node('Or', [c.b.node('IsNaN', c.inputs), c.b.node('IsInf', c.inputs)])]),
  argmax: argReduce('ArgMax'),
  argmin: argReduce('ArgMin'),
  any: boolReduce('ReduceMax'),
  all: boolReduce('ReduceMin'),
};

const LOWERINGS: LoweringTable = {
  ...UNRECORDED,
  ...fromTable(UNARY_TABLE, Object.keys(UNARY_TABLE)),
  ...fromTable(BINARY_TABLE, Object.keys(BINARY_TABLE)),
  ...UNARY,
  where: same('Where'),
  floorDiv: (c) => c.b.node('Floor', [c.b.node('Div', c.inputs)]),
  clip: (c, a) => c.b.node('Clip', [c.inputs[0], constLike(c, a.lo, 'min'), constLike(c, a.hi, 'max')]),
  cast: (c, a) => c.b.node('Cast', c.inputs, [intAttr('to', DATA_TYPE[onnxTypeOf(a.dtype)])]),
  sum: reduce('ReduceSum', 13),
  prod: reduce('ReduceProd', 18),
  max: reduce('ReduceMax', 18),
  min: reduce('ReduceMin', 18),
  logsumexp: reduce('ReduceLogSumExp', 18),
  softmax: (c, a) => c.b.node('Softmax', c.inputs, [intAttr('axis', a.axis)]),
  logSoftmax: (c, a) => c.b.node('LogSoftmax', c.inputs, [intAttr('axis', a.axis)]),
  attention,
  lstmCell,
  tril: (c, a) => triangle(c, a.diagonal, false),
  triu: (c, a) => triangle(c, a.diagonal, true),
  // TopK over the whole axis is a stable sort (ties keep the lower index first); int64 → int32
  argsort: (c, a) => {
    const [, indices] = c.b.nodeOutputs('TopK', [c.inputs[0], c.b.int64s([c.tensors[0].shape[a.axis]], 'k')], [
      intAttr('axis', a.axis), intAttr('largest', a.descending ? 1 : 0), intAttr('sorted', 1),
    ], 2);
    return c.b.node('Cast', [indices], [intAttr('to', DATA_TYPE.int32)]);
  },
  matmul: (c, a) => c.b.node('MatMul', [maybeTransposed(c, 0, a.transposeA), maybeTransposed(c, 1, a.transposeB)]),
  reshape: (c, a) => c.b.node('Reshape', [c.inputs[0], c.b.int64s(a.shape, 'shape')]),
  transpose: (c, a) => c.b.node('Transpose', c.inputs, [intsAttr('perm', a.perm)]),
  broadcastTo: (c, a) => c.b.node('Expand', [c.inputs[0], c.b.int64s(a.shape, 'shape')]),
  slice: (c, a) => {
    const axes = a.begin.map((_, i) => i);
    const ends = a.begin.map((s, i) => s + a.size[i]);
    return c.b.node('Slice', [c.inputs[0], c.b.int64s(a.begin, 'starts'), c.b.int64s(ends, 'ends'), c.b.int64s(axes, 'axes')]);
  },
  pad: (c, a) => {
    const pads = [...a.pads.map((p) => p[0]), ...a.pads.map((p) => p[1])];
    return c.b.node('Pad', [c.inputs[0], c.b.int64s(pads, 'pads'), constLike(c, a.value, 'pad_value')], [{ name: 'mode', kind: 'string', value: 'constant' }]);
  },
  concat: (c, a) => c.b.node('Concat', c.inputs, [intAttr('axis', a.axis)]),
  gather: (c, a) => c.b.node('Gather', c.inputs, [intAttr('axis', a.axis)]),
  conv2d: (c, a) => c.b.node('Conv', c.inputs, [
    intsAttr('kernel_shape', c.tensors[1].shape.slice(2)), intsAttr('strides', a.strides), intsAttr('dilations', a.dilations),
    intsAttr('pads', onnxPads(a.pads)), intAttr('group', 1),
  ]),
  maxPool2d: (c, a) => c.b.node('MaxPool', c.inputs, [intsAttr('kernel_shape', a.kernel), intsAttr('strides', a.strides), intsAttr('pads', onnxPads(a.pads))]),
  avgPool2d: (c, a) => c.b.node('AveragePool', c.inputs, [
    intsAttr('kernel_shape', a.kernel), intsAttr('strides', a.strides), intsAttr('pads', onnxPads(a.pads)),
    intAttr('count_include_pad', a.countIncludePad ? 1 : 0),
  ]),
};

/** The traced ops the exporter can lower, sorted. */
export const EXPORTABLE_OPS: readonly TracedOpName[] = (Object.keys(LOWERINGS) as TracedOpName[]).sort();

/** Lower one traced op; returns its output value name, or undefined if the op has no ONNX mapping. */
export function lowerOp<K extends TracedOpName>(op: K, attrs: TracedOpAttrMap[K], c: LowerContext): string | undefined {
  const lowering = LOWERINGS[op] as Lowering<K> | undefined;
  return lowering?.(c, attrs);
}

/** A LeakyReLU or ELU layer as its single ONNX op. */
export function lowerActivation(b: GraphBuilder, opType: 'LeakyRelu' | 'Elu', alpha: number, input: string): string {
  return b.node(opType, [input], [floatAttr('alpha', alpha)]);
}
