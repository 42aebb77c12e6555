/**
 * Every public op of tensor-core that takes a tensor first is also a Tensor method, and the method
 * computes what the function does. The op list is tensor-core's exports themselves: a new exported
 * function fails this section until it is a method, has a sample call below, or is listed in
 * NOT_METHODS with the reason it is not an op on a tensor.
 */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';

/** Exported functions that are not ops on a tensor, each with the reason. */
export const NOT_METHODS: Readonly<Record<string, string>> = {
  // the allocation limit: configuration and helpers for ops and backends, not ops on tensors
  allocationLimit: 'allocation limit', setAllocationLimit: 'allocation limit', checkAllocation: 'allocation limit',
  guardAllocation: 'allocation limit', currentOpName: 'allocation limit', formatBytes: 'allocation limit',
  // creation: no tensor to call them on (the *Like ones take a tensor only as a template, as in PyTorch)
  tensor: 'creation', scalar: 'creation', zeros: 'creation', ones: 'creation', full: 'creation', arange: 'creation',
  linspace: 'creation', eye: 'creation', rand: 'creation', randn: 'creation', randint: 'creation',
  zerosLike: 'creation from a template', onesLike: 'creation from a template', fullLike: 'creation from a template',
  randLike: 'creation from a template', randnLike: 'creation from a template',
  // several tensors as a list
  concat: 'takes a list of tensors', stack: 'takes a list of tensors',
  // mutates its first argument in place: a method would read as a functional op
  writeSlice: 'in-place write into an existing tensor (KV caches)',
  // gradient kernels: called by autograd with an upstream gradient first
  conv2dBackpropInput: 'gradient kernel', conv2dBackpropFilter: 'gradient kernel',
  maxPool2dBackprop: 'gradient kernel', avgPool2dBackprop: 'gradient kernel',
  // backends, scopes, autodiff wiring, printing and random settings
  registerBackend: 'registry', setBackend: 'registry', getBackend: 'registry', ready: 'registry', listBackends: 'registry',
  findBackend: 'registry', backendName: 'registry', tidy: 'scope', keep: 'scope management, not an op', memory: 'statistics',
  installAutodiff: 'autodiff wiring', autodiffHooks: 'autodiff wiring', isRecording: 'autodiff state',
  withoutRecording: 'autodiff scope', withRecording: 'autodiff scope', seed: 'random state',
  withTrace: 'trace scope', attachTrace: 'permanent trace observer', traceScope: 'trace scope', isTracing: 'trace state',
  releaseWhenUnreachable: 'autodiff memory wiring', synchronize: 'waits for a backend, not an op',
  fusionEnabled: 'fusion switch', setFusion: 'fusion switch', flushFusion: 'fusion scheduling', pendingFusionCount: 'fusion statistics',
  setPrintOptions: 'print settings', getPrintOptions: 'print settings', isTensor: 'type guard on any value',
  // helpers for writing ops and backends, on shapes, dtypes and buffers rather than tensors
  unary: 'generic by op name (the named ops are methods)', runOp: 'op-writing helper', runKernel: 'op-writing helper',
  backendOf: 'op-writing helper', wrap: 'op-writing helper', scalarOn: 'op-writing helper',
  findIndexOutside: 'index validation helper (for losses checking labels), not an op',
  // op tables and elementwise programs (what backends compile), not ops on a tensor
  saturateToInt32: 'op-table and elementwise-program machinery', unaryKind: 'op-table and elementwise-program machinery', binaryKind: 'op-table and elementwise-program machinery', isPredicateOp: 'op-table and elementwise-program machinery', isBoolBinaryOp: 'op-table and elementwise-program machinery', unaryComputeDType: 'op-table and elementwise-program machinery', binaryComputeDType: 'op-table and elementwise-program machinery', unaryAccepts: 'op-table and elementwise-program machinery', binaryAccepts: 'op-table and elementwise-program machinery', convertScalar: 'op-table and elementwise-program machinery', valueDType: 'op-table and elementwise-program machinery', programOutDType: 'op-table and elementwise-program machinery', stepOperands: 'op-table and elementwise-program machinery', programConstants: 'op-table and elementwise-program machinery', unaryProgram: 'op-table and elementwise-program machinery', binaryProgram: 'op-table and elementwise-program machinery', whereProgram: 'op-table and elementwise-program machinery', castProgram: 'op-table and elementwise-program machinery', clipProgram: 'op-table and elementwise-program machinery', stepParts: 'op-table and elementwise-program machinery', stepFunction: 'op-table and elementwise-program machinery', evaluateProgram: 'op-table and elementwise-program machinery',
  assertTensor: 'argument check for op writers', assertTensorList: 'argument check for op writers', describeValue: 'describes any value for error messages',
  allocHostArray: 'dtype helper', isDType: 'dtype helper', isFloat: 'dtype helper', promoteTypes: 'dtype helper',
  unaryOutDType: 'dtype helper', binaryOutDType: 'dtype helper', reduceOutDType: 'dtype helper',
  sizeOf: 'shape helper', stridesOf: 'shape helper', shapesEqual: 'shape helper', broadcastShapes: 'shape helper',
  assertValidShape: 'shape helper', assertShapeArray: 'shape helper', inferReshape: 'shape helper', normalizeAxis: 'shape helper', normalizeAxes: 'shape helper',
  reducedShape: 'shape helper', fmtShape: 'shape helper', convOutSize: 'shape helper', conv2dParams: 'shape helper',
  attentionGeometry: 'shape helper', attentionComposite: 'the composite path behind scaledDotProductAttention (its method)',
  attentionFused: 'the fused path behind scaledDotProductAttention (its method)', attentionBackward: 'gradient kernel',
  lstmCell: 'one recurrent step\'s gate math on (gates, state), called by the LSTM layer', lstmCellBackward: 'gradient kernel',
  einsum: 'takes the equation first, then any number of operands',
};

/** Sample inputs every call below draws from. */
interface Inputs {
  readonly x: Tensor; // float32 [2, 3], mixed signs
  readonly y: Tensor; // float32 [2, 3]
  readonly cond: Tensor; // bool [2, 3]
  readonly idx: Tensor; // int32 [2], valid rows and columns
  readonly image: Tensor; // float32 NCHW [1, 1, 4, 4]
  readonly filter: Tensor; // float32 [1, 1, 2, 2]
  readonly seq: Tensor; // float32 NCW [1, 1, 5]
  readonly filter1d: Tensor; // float32 [1, 1, 2]
  readonly v: Tensor; // float32 [3]
}

/** How to call an op both ways: the receiver, the method's arguments, the function's arguments. */
interface SampleCall {
  readonly self: Tensor;
  readonly methodArgs: readonly unknown[];
  readonly fnArgs: readonly unknown[];
}

const same = (self: Tensor, ...args: unknown[]): SampleCall => ({ self, methodArgs: args, fnArgs: [self, ...args] });

/**
 * Sample calls of the ops that take more than the tensor; an op of one parameter is called on `x`
 * with no arguments. `where` follows PyTorch: `x.where(cond, y)` is `where(cond, x, y)`.
 */
const CALLS: Readonly<Record<string, (i: Inputs) => SampleCall>> = {
  add: (i) => same(i.x, i.y), sub: (i) => same(i.x, 2), mul: (i) => same(i.x, i.y), div: (i) => same(i.x, i.y),
  pow: (i) => same(i.y, 2), maximum: (i) => same(i.x, i.y), minimum: (i) => same(i.x, 0), mod: (i) => same(i.x, 0.7),
  floorDiv: (i) => same(i.x, 0.7), atan2: (i) => same(i.x, i.y), equal: (i) => same(i.x, i.y), notEqual: (i) => same(i.x, 2),
  less: (i) => same(i.x, i.y), lessEqual: (i) => same(i.x, i.y), greater: (i) => same(i.x, 0), greaterEqual: (i) => same(i.x, i.y),
  logicalAnd: (i) => same(i.cond, i.x), logicalOr: (i) => same(i.cond, i.x), logicalXor: (i) => same(i.cond, i.x),
  outer: (i) => same(i.v, i.v),
  where: (i) => ({ self: i.x, methodArgs: [i.cond, i.y], fnArgs: [i.cond, i.x, i.y] }),
  clip: (i) => same(i.x, -0.5, 1), cast: (i) => same(i.x, 'int32'),
  leakyRelu: (i) => same(i.x, 0.2), elu: (i) => same(i.x, 0.5), softmax: (i) => same(i.x, 0), logSoftmax: (i) => same(i.x, -1),
  sum: (i) => same(i.x, 1, { keepDims: true }), prod: (i) => same(i.x, 0), mean: (i) => same(i.x, [0, 1]),
  max: (i) => same(i.x, 1), min: (i) => same(i.x, 0, { keepDims: true }), variance: (i) => same(i.x, 1, { correction: 1 }),
  std: (i) => same(i.x, 0), logsumexp: (i) => same(i.x, 1), any: (i) => same(i.cond, 1), all: (i) => same(i.cond, 0),
  argmax: (i) => same(i.x, 1), argmin: (i) => same(i.x, 0),
  matmul: (i) => same(i.x, i.y, { transposeB: true }),
  scaledDotProductAttention: (i) => same(i.x, i.y, i.x.slice([0, 0], [2, 2]), { causal: true }),
  conv2d: (i) => same(i.image, i.filter, { padding: 'same' }), conv1d: (i) => same(i.seq, i.filter1d, { stride: 2 }),
  maxPool2d: (i) => same(i.image, { kernelSize: 2 }), avgPool2d: (i) => same(i.image, { kernelSize: 3, stride: 1 }),
  reshape: (i) => same(i.x, [3, -1]), flatten: (i) => same(i.image, 1, 2), transpose: (i) => same(i.image, [0, 2, 3, 1]),
  permute: (i) => same(i.image, 3, 0, 2, 1), expandDims: (i) => same(i.x, 1), squeeze: (i) => same(i.image, [0, 1]),
  broadcastTo: (i) => same(i.v, [2, 3]), slice: (i) => same(i.x, [1, 1], [1, 2]), pad: (i) => same(i.x, [[1, 0], [0, 2]], 5),
  split: (i) => same(i.x, [1, 2], 1), unstack: (i) => same(i.x, 1),
  gather: (i) => same(i.x, i.idx, 1), scatterAdd: (i) => same(i.x, i.idx, i.y.slice([0, 0], [2, 2]), 1),
  oneHot: (i) => same(i.idx, 4), toBackend: (i) => same(i.x, i.x.backend),
  tril: (i) => same(i.x, 1), triu: (i) => same(i.x, -1), cumsum: (i) => same(i.x, 1, { exclusive: true }),
  repeatInterleave: (i) => same(i.x, 2, 0), takeAlongAxis: (i) => same(i.x, nb.tensor([[2, 0], [1, 1]], { dtype: 'int32' }), 1),
  argsort: (i) => same(i.x, { axis: 0, descending: true }), sort: (i) => same(i.x, { axis: 1 }), topk: (i) => same(i.x, 2, { largest: false }),
};

/** Every exported function of tensor-core (classes and error types start with a capital). */
function exportedFunctions(): [string, (...args: unknown[]) => unknown][] {
  return Object.entries(nb).flatMap(([name, value]) =>
    typeof value === 'function' && /^[a-z]/.test(name) ? [[name, value as (...args: unknown[]) => unknown]] : []);
}

function isMethod(name: string): boolean {
  return typeof (nb.Tensor.prototype as unknown as Record<string, unknown>)[name] === 'function';
}

async function snapshot(result: unknown): Promise<unknown> {
  const value = result instanceof Promise ? await result : result;
  if (Array.isArray(value)) return Promise.all(value.map(snapshot));
  if (typeof value === 'object' && value !== null && 'values' in value && 'indices' in value) {
    return { values: await snapshot(value.values), indices: await snapshot(value.indices) }; // sort, topk
  }
  if (!nb.isTensor(value)) throw new TypeError(`expected a tensor result, got ${String(value)}`);
  return { shape: value.shape, dtype: value.dtype, values: Array.from(await value.data()) };
}

/** Registers the methods section. */
export function describeMethods(_ctx: ConformanceContext): void {
  describe('every op that takes a tensor first is a Tensor method', () => {
    it('each exported function is a method or listed with a reason, and every listed name is still exported', () => {
      const missing = exportedFunctions().map(([name]) => name).filter((name) => NOT_METHODS[name] === undefined && !isMethod(name));
      expect(missing, 'ops without a Tensor method (add one in tensor.ts, or a reason to NOT_METHODS)').toEqual([]);
      const exported = new Set(exportedFunctions().map(([name]) => name));
      const stale = Object.keys(NOT_METHODS).filter((name) => !exported.has(name));
      expect(stale, 'NOT_METHODS names that tensor-core no longer exports').toEqual([]);
    });

    it('each method computes what its function computes', async () => {
      const inputs: Inputs = {
        x: nb.tensor([[0.5, -1.25, 2], [1.5, 0.25, -0.75]]),
        y: nb.tensor([[2, 0.5, -1], [1.5, 3, 0.25]]),
        cond: nb.tensor([[true, false, true], [false, false, true]]),
        idx: nb.tensor([2, 0], [2], 'int32'),
        image: nb.tensor(Array.from({ length: 16 }, (_, k) => Math.sin(k + 1)), [1, 1, 4, 4]),
        filter: nb.tensor([0.5, -1, 2, 0.25], [1, 1, 2, 2]),
        seq: nb.tensor([1, -2, 3, 0.5, 4], [1, 1, 5]),
        filter1d: nb.tensor([1, -1], [1, 1, 2]),
        v: nb.tensor([1, 2, 3]),
      };
      const compared: string[] = [];
      for (const [name, fn] of exportedFunctions()) {
        if (NOT_METHODS[name] !== undefined || !isMethod(name)) continue; // a missing method fails the test above
        const sample = CALLS[name];
        if (sample === undefined && fn.length > 1) throw new Error(`${name} takes more than a tensor: add a sample call for it to CALLS in methods.ts`);
        const call = sample ? sample(inputs) : same(inputs.x);
        const method = (call.self as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
        const viaMethod = await snapshot(method.apply(call.self, [...call.methodArgs]));
        const viaFunction = await snapshot(fn(...call.fnArgs));
        expect(viaMethod, name).toEqual(viaFunction);
        compared.push(name);
      }
      // the methods written before this check, still compared
      expect(compared).toEqual(expect.arrayContaining(['add', 'sin', 'step', 'where', 'gather', 'pad', 'logsumexp', 'conv2d', 'split']));
    });
  });
}
