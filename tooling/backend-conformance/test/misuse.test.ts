// API misuse as a hostile or careless user commits it, on backend-js: every case either works or
// throws a typed NablaError naming the op, the layer or the optimizer — never a raw TypeError or
// RangeError from deep inside the library.
import '@nabla/backend-js';
import * as nb from '@nabla/tensor-core';
import { ArgumentError, DTypeError, NablaError, type Tensor } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import * as layers from '@nabla/layers';
import { Adam, SGD } from '@nabla/optim';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await nb.setBackend('js');
});

/** Values a careless caller passes where a tensor, a shape, an axis or an option belongs. */
const HOSTILE: readonly (readonly [string, unknown])[] = [
  ['a string', '1'], ['null', null], ['undefined', undefined], ['a plain object', {}], ['an array', [1, 2]],
  ['a nested array', [[1, 2]]], ['a boolean', true], ['a bigint', 1n], ['a function', () => 1], ['NaN', Number.NaN],
];

/** Exports of tensor-core that are not ops on tensors (registry, scopes, pure shape arithmetic, hooks). */
const NOT_OPS = new Set([
  'tidy', 'keep', 'installAutodiff', 'autodiffHooks', 'withoutRecording', 'withRecording', 'isRecording', 'registerBackend',
  'withTrace', 'traceScope', 'isTracing',
  'setBackend', 'ready', 'listBackends', 'findBackend', 'backendName', 'getBackend', 'memory', 'isTensor', 'fmtShape',
  'runOp', 'runKernel', 'wrap', 'scalarOn', 'backendOf', 'releaseWhenUnreachable', 'synchronize', 'toBackend', 'seed', 'describeValue',
  'assertTensor', 'assertTensorList', 'assertShapeArray', 'assertValidShape', 'isDType', 'promoteTypes', 'allocHostArray',
  'sizeOf', 'stridesOf', 'shapesEqual', 'reducedShape', 'inferReshape', 'broadcastShapes', 'normalizeAxis', 'normalizeAxes',
  'convOutSize', 'conv2dParams', 'unaryOutDType', 'binaryOutDType', 'reduceOutDType', 'setAllocationLimit', 'allocationLimit',
  // op tables and elementwise programs: machinery taking op names, which backends compile, not ops on tensors
  'saturateToInt32', 'unaryKind', 'binaryKind', 'isPredicateOp', 'isBoolBinaryOp', 'unaryComputeDType', 'binaryComputeDType',
  'unaryAccepts', 'binaryAccepts', 'convertScalar', 'valueDType', 'programOutDType', 'stepOperands', 'programConstants',
  'unaryProgram', 'binaryProgram', 'whereProgram', 'castProgram', 'clipProgram', 'stepParts', 'stepFunction', 'evaluateProgram',
  'unary', 'oneHot',
  // the allocation limit's helpers
  'checkAllocation', 'guardAllocation', 'currentOpName', 'formatBytes',
]);

/** Outcome counts of a sweep: worked, typed error, anything else (listed). */
interface Sweep {
  tried: number;
  worked: number;
  typed: number;
  untyped: string[];
}

function attempt(sweep: Sweep, label: string, call: () => unknown): void {
  sweep.tried++;
  try {
    const out = call();
    sweep.worked++;
    // ops return a tensor, an array of tensors, or an object of them (sort, topk: { values, indices })
    const parts = Array.isArray(out) ? out : out !== null && typeof out === 'object' && !(out instanceof nb.Tensor) ? Object.values(out) : [out];
    for (const t of parts) if (t instanceof nb.Tensor) t.dispose();
  } catch (err) {
    if (err instanceof NablaError) sweep.typed++;
    else sweep.untyped.push(`${label}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
}

function newSweep(): Sweep {
  return { tried: 0, worked: 0, typed: 0, untyped: [] };
}

const sample = (): Tensor => nb.tensor([[1, 2], [3, 4]]);

/** A layer whose forward takes several tensors, called with one hostile value (the others missing). */
function oneArgument(m: layers.AnyModule): { forward(x: unknown): unknown; dispose(): void } {
  return m as unknown as { forward(x: unknown): unknown; dispose(): void };
}

describe('API misuse gives typed errors', () => {
  it('the cases of issue 18: x.add("1"), add(t, [1, 2]), concat with an array, maxPool2d(x, 2), requiresGrad on int32', () => {
    const x = sample();
    expect(() => x.add('1' as unknown as number)).toThrow(ArgumentError);
    expect(() => x.add('1' as unknown as number)).toThrow(/^add: expected a Tensor as input 1, got string "1"/);
    expect(() => nb.add(x, [1, 2] as unknown as Tensor)).toThrow(/^add: .*an array \[1,2\].*tensor\(values\)/);
    expect(() => nb.add(null as unknown as Tensor, x)).toThrow(ArgumentError);
    expect(() => nb.concat([nb.ones([1]), [2] as unknown as Tensor])).toThrow(/^concat: expected a Tensor as tensors\[1\], got an array \[2\]/);
    expect(() => nb.concat(x as unknown as Tensor[])).toThrow(/^concat: expected an array of tensors/);
    expect(() => x.matmul({} as Tensor)).toThrow(/^matmul: expected a Tensor/);
    // the kernel size alone, as in PyTorch's max_pool2d(x, 2)
    const img = nb.arange(0, 16, 1, 'float32').reshape([1, 1, 4, 4]);
    expect(nb.maxPool2d(img, 2).arraySync()).toEqual([[[[5, 7], [13, 15]]]]);
    expect(nb.avgPool2d(img, [2, 2]).arraySync()).toEqual([[[[2.5, 4.5], [10.5, 12.5]]]]);
    expect(() => nb.maxPool2d(img, null as unknown as number)).toThrow(/^maxPool2d: expected the kernel size/);
    expect(() => nb.maxPool2d(img, { kernelSize: undefined as unknown as number })).toThrow(/^maxPool2d: kernelSize must be/);
    const ints = nb.tensor([1, 2], [2], 'int32');
    expect(() => { ints.requiresGrad = true; }).toThrow(DTypeError);
    expect(() => { ints.requiresGrad = true; }).toThrow(/^requiresGrad: only floating-point tensors can require gradients, got int32 \[2\]/);
    expect(() => { nb.tensor([true]).requiresGrad = true; }).toThrow(DTypeError);
    expect(() => { x.requiresGrad = 'yes' as unknown as boolean; }).toThrow(ArgumentError);
    ints.requiresGrad = false; // switching it off is always allowed
    x.requiresGrad = true;
    expect(x.requiresGrad).toBe(true);
    for (const t of [x, img, ints]) t.dispose();
  });

  it('shapes, axes, perms, boxes and fill values of the wrong kind name the op', () => {
    const x = sample();
    const cases: [() => unknown, RegExp][] = [
      [() => nb.zeros('3' as unknown as number[]), /^zeros: expected a shape/],
      [() => nb.ones(null as unknown as number[]), /^ones: expected a shape/],
      [() => nb.full([2], '1' as unknown as number), /^full: fill value must be a number/],
      [() => x.reshape(4 as unknown as number[]), /^reshape: expected a target shape/],
      [() => x.sum('0' as unknown as number), /^sum: /],
      [() => x.sum(null as unknown as number), /^sum: expected an axis or an array of axes/],
      [() => x.transpose('10' as unknown as number[]), /^transpose: perm must be an array/],
      [() => x.slice(null as unknown as number[]), /^slice: begin and size must be arrays/],
      [() => nb.pad(x, 1 as unknown as [number, number][]), /^pad: pads must be an array of \[before, after\] pairs/],
      [() => nb.split(x, null as unknown as number), /^split: sections must be/],
      [() => x.broadcastTo({} as unknown as number[]), /^broadcastTo: expected a shape/],
      [() => x.clip('0' as unknown as number, 1), /^clip: lo and hi must be numbers/],
      [() => nb.arange(1n as unknown as number), /^arange: start must be a number/],
      [() => x.assign('1' as unknown as Tensor), /^assign: expected a Tensor/],
      [() => nb.softmax(undefined as unknown as Tensor), /^softmax: expected a Tensor/],
      [() => nb.stack('ab' as unknown as Tensor[]), /^stack: expected an array of tensors/],
    ];
    for (const [call, message] of cases) expect(call).toThrow(message);
    x.dispose();
  });

  it('every op and every Tensor method, given hostile values, works or throws a NablaError', () => {
    const before = nb.memory().numTensors;
    const sweep = newSweep();
    const ops = Object.entries(nb).filter(([name, v]) => typeof v === 'function' && !/^[A-Z]/.test(name) && !NOT_OPS.has(name)) as [string, (...args: unknown[]) => unknown][];
    expect(ops.length).toBeGreaterThan(100);
    for (const [name, op] of ops) {
      for (const [what, value] of HOSTILE) {
        attempt(sweep, `${name}(${what})`, () => op(value));
        const x = sample();
        attempt(sweep, `${name}(x, ${what})`, () => op(x, value));
        attempt(sweep, `${name}(x, x, ${what})`, () => op(x, x, value));
        x.dispose();
      }
    }
    const skip = new Set(['constructor', 'dispose', 'data', 'array', 'itemAsync', 'backward']);
    for (const method of Object.getOwnPropertyNames(nb.Tensor.prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(nb.Tensor.prototype, method);
      if (skip.has(method) || typeof descriptor?.value !== 'function') continue;
      for (const [what, value] of HOSTILE) {
        const x = sample();
        attempt(sweep, `x.${method}(${what})`, () => (x as unknown as Record<string, (...a: unknown[]) => unknown>)[method](value));
        x.dispose();
      }
    }
    console.log(`[misuse] ops and Tensor methods: ${sweep.tried} hostile calls, ${sweep.typed} typed errors, ${sweep.worked} worked, ${sweep.untyped.length} untyped`);
    expect(sweep.untyped).toEqual([]);
    expect(nb.memory().numTensors).toBe(before);
  });

  it('layers: forward of a non-tensor and bad constructor arguments name the layer', () => {
    const sweep = newSweep();
    const modules: [string, { forward(x: unknown): unknown; dispose(): void }][] = [
      ['Dense', new layers.Dense(4, 2)], ['Conv2d', new layers.Conv2d(1, 2, 3)], ['Conv1d', new layers.Conv1d(1, 2, 3)],
      ['LayerNorm', new layers.LayerNorm(4)], ['BatchNorm1d', new layers.BatchNorm1d(4)], ['Embedding', new layers.Embedding(4, 2)],
      ['Dropout', new layers.Dropout(0.5)], ['MaxPool2d', new layers.MaxPool2d(2)], ['AvgPool2d', new layers.AvgPool2d(2)],
      ['Flatten', new layers.Flatten()], ['ReLU', new layers.ReLU()], ['Sequential', new layers.Sequential(new layers.Dense(4, 2), new layers.Tanh())],
      ['LSTM', new layers.LSTM(4, 2)], ['GRU', new layers.GRU(4, 2)], ['SimpleRNN', new layers.SimpleRNN(4, 2)],
      ['RMSNorm', new layers.RMSNorm(4)], ['MultiheadAttention', oneArgument(new layers.MultiheadAttention(4, 2))],
      ['TransformerEncoderLayer', new layers.TransformerEncoderLayer(4, 2, { dimFeedforward: 8 })],
      ['TransformerEncoder', new layers.TransformerEncoder(() => new layers.TransformerEncoderLayer(4, 2, { dimFeedforward: 8 }), 1)],
      ['TransformerDecoderLayer', oneArgument(new layers.TransformerDecoderLayer(4, 2, { dimFeedforward: 8 }))],
      ['TransformerDecoder', oneArgument(new layers.TransformerDecoder(() => new layers.TransformerDecoderLayer(4, 2, { dimFeedforward: 8 }), 1))],
      ['LearnedPositionalEmbedding', new layers.LearnedPositionalEmbedding(8, 4)], ['SinusoidalPositionalEmbedding', new layers.SinusoidalPositionalEmbedding(4)],
      ['RotaryEmbedding', new layers.RotaryEmbedding(4, { maxLength: 8 })],
    ];
    for (const [name, module] of modules) {
      for (const [what, value] of HOSTILE) attempt(sweep, `${name}.forward(${what})`, () => module.forward(value));
    }
    const constructors: [string, () => unknown][] = [
      ['Dense("4", 2)', () => new layers.Dense('4' as unknown as number, 2)],
      ['Dense(4, -1)', () => new layers.Dense(4, -1)],
      ['LayerNorm(null)', () => new layers.LayerNorm(null as unknown as number)],
      ['LayerNorm({})', () => new layers.LayerNorm({} as unknown as number)],
      ['Conv2d(1, 2, null)', () => new layers.Conv2d(1, 2, null as unknown as number)],
      ['Embedding(0, 2)', () => new layers.Embedding(0, 2)],
      ['Dropout(2)', () => new layers.Dropout(2)],
      ['MultiheadAttention(8, 3)', () => new layers.MultiheadAttention(8, 3)],
      ['RMSNorm(null)', () => new layers.RMSNorm(null as unknown as number)],
      ['RotaryEmbedding(4)', () => new layers.RotaryEmbedding(4, undefined as unknown as { maxLength: number })],
      ['SinusoidalPositionalEmbedding(3)', () => new layers.SinusoidalPositionalEmbedding(3)],
      ['TransformerEncoder(null, 2)', () => new layers.TransformerEncoder(null as unknown as () => layers.TransformerEncoderLayer, 2)],
      ['KVCache(0)', () => new layers.KVCache(0)],
    ];
    for (const [label, make] of constructors) {
      attempt(sweep, label, make);
      expect(sweep.worked, label).toBe(0);
    }
    for (const [, module] of modules) module.dispose();
    console.log(`[misuse] layers: ${sweep.tried} hostile calls, ${sweep.typed} typed errors, ${sweep.worked} worked, ${sweep.untyped.length} untyped`);
    expect(sweep.untyped).toEqual([]);
    expect(() => new layers.Dense(4, 2).forward(null as unknown as Tensor)).toThrow(/^Dense: expected a Tensor as input, got null/);
  });

  it('optimizers: a single tensor, a bare number or an unknown option name the optimizer', () => {
    const p = variable([1, 2, 3]);
    expect(() => new Adam(p as unknown as Tensor[])).toThrow(/^Adam: expected a list of parameters, got a single tensor float32 \[3\]: pass \[param\]/);
    expect(() => new SGD(null as unknown as Tensor[])).toThrow(/^SGD: expected a list of parameters/);
    expect(() => new Adam([p], 0.1 as unknown as { lr: number })).toThrow(/^Adam: options must be an object such as \{ lr: 0.01 \}, got number 0.1/);
    expect(() => new SGD([p], { learningRate: 0.1 } as unknown as { lr: number })).toThrow(/^SGD: unknown option 'learningRate' \(known: lr, momentum/);
    expect(() => new Adam([{ params: p }] as unknown as Tensor[])).toThrow(/^Adam: parameter group 0 must be \{ params: \[tensors...\], ...options \}/);
    expect(() => new Adam(['w'] as unknown as Tensor[])).toThrow(/^Adam: parameter group 0 must be/);
    expect(() => new Adam([p, 'w'] as unknown as Tensor[])).toThrow(/^Adam: group 0 contains a non-tensor parameter \(string w\)/);
    const ok = new SGD([p], { lr: 0.5 });
    expect(ok.lr).toBe(0.5);
    p.dispose();
  });
});
