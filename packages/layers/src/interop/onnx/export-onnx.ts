/**
 * exportOnnx: trace a model's forward on an example input and write the recorded ops as a
 * standard ONNX ModelProto. Parameters and buffers become initializers named by their
 * state-dict keys (`0.weight`, `lstm.weight_ih_l0`), so the file also carries the weights.
 */
import { concat, isTensor, slice, tidy, type Tensor } from '@nabla/tensor-core';
import type { AnyModule } from '../../module/module.js';
import { OnnxExportError } from '../errors.js';
import { BATCH_AXIS, SEQUENCE_AXIS, combineDynamicGraphs, mergeDynamicGraphs } from './dynamic-axes.js';
import { encodeOnnxModel } from './encode-model.js';
import { GraphBuilder, intAttr } from './graph-builder.js';
import { onnxTypeOf, rawOf } from './host-bytes.js';
import { lowerActivation, lowerOp } from './lower-ops.js';
import { lowerRecurrent } from './lower-recurrent.js';
import type { OnnxModel, OnnxValueInfo } from './model-proto.js';
import { DATA_TYPE } from './schema.js';
import { describeModule, traceForward, type Trace, type TraceStep } from './trace.js';

/** The opsets the exporter writes; 17 is the default. */
export const ONNX_OPSETS = { min: 13, max: 21, default: 17 } as const;

/** Options of `exportOnnx`. */
export interface ExportOnnxOptions {
  /** Default-domain opset version, 13 to 21 (default 17). */
  readonly opset?: number;
  /** Names of the graph inputs (default `input`, or `input_0`, `input_1`, ...). */
  readonly inputNames?: readonly string[];
  /** Names of the graph outputs in order (default `output` for a tensor; `output_0`, ... for arrays; keys, dotted when nested, for objects). */
  readonly outputNames?: readonly string[];
  /** Graph name (default the model's class name). */
  readonly graphName?: string;
  /**
   * Make axis 0 of every input and output a symbolic `batch` (default false: shapes are the
   * example's). The model is traced twice, at the example's batch and one more; values that
   * follow the batch must be shapes of Reshape, Expand or whole-axis Slice nodes.
   */
  readonly dynamicBatch?: boolean;
  /**
   * Make axis 1 of every input (and the output axis that follows it) a symbolic `sequence`, the
   * same way (traced again at one step more). Needs a graph whose node list does not grow with
   * the length: recurrent layers with `recurrent: 'onnx'`, no per-step slicing.
   */
  readonly dynamicSequence?: boolean;
  /**
   * How SimpleRNN, GRU and LSTM are written: 'unrolled' (default: plain ops for every time step,
   * and initializers named by the state dict) or 'onnx' (one ONNX RNN/GRU/LSTM node per layer,
   * with gate-reordered weight initializers).
   */
  readonly recurrent?: 'unrolled' | 'onnx';
  /**
   * Per input, by position: which axis is the batch (default 0) and which the sequence (default
   * 1) for `dynamicBatch` / `dynamicSequence`, or null when the input has none — e.g. an initial
   * recurrent state h0 [layers, batch, H] is `{ batch: 1, sequence: null }`.
   */
  readonly inputAxes?: readonly InputAxes[];
  /**
   * Declare these int32 inputs (by name; `true`: every int32 input) as int64 in the graph, as
   * ONNX Runtime pipelines feed token ids; the graph casts them to int32 first.
   */
  readonly int64Inputs?: boolean | readonly string[];
}

/** Which axis of one input carries the batch and which the sequence (null: none). */
export interface InputAxes {
  /** The batch axis, made symbolic by `dynamicBatch` (default 0; null: the input has none). */
  readonly batch?: number | null;
  /** The sequence axis, made symbolic by `dynamicSequence` (default 1; null: the input has none). */
  readonly sequence?: number | null;
}

const OP = 'exportOnnx';

/** The IR version that goes with each opset (IR 7: opsets 13-14, IR 8: 15-18, IR 9: 19-20, IR 10: 21). */
function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

function checkOpset(opset: number): void {
  if (!Number.isInteger(opset) || opset < ONNX_OPSETS.min || opset > ONNX_OPSETS.max) {
    throw new OnnxExportError(OP, `opset ${opset} is not supported; choose an integer from ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max} (default ${ONNX_OPSETS.default})`);
  }
}

/** Tensors nested in plain objects and arrays, named by their path (`logits`, `state.h`, `output_0`). */
function collectOutputs(value: unknown, name: string, into: [string, Tensor][]): boolean {
  if (isTensor(value)) {
    into.push([name, value]);
    return true;
  }
  const entries: [string, unknown][] | null = Array.isArray(value)
    ? value.map((v, i) => [name === '' ? `output_${i}` : `${name}_${i}`, v])
    : value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
      ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [name === '' ? k : `${name}.${k}`, v])
      : null;
  if (entries === null || entries.length === 0) return false;
  return entries.every(([n, v]) => collectOutputs(v, n, into));
}

/** The forward's result as named output tensors: a tensor, or arrays and objects of tensors (nested). */
function namedOutputs(result: unknown, names: readonly string[] | undefined, className: string): [string, Tensor][] {
  const found: [string, Tensor][] = [];
  if (!collectOutputs(result, isTensor(result) ? 'output' : '', found)) {
    throw new OnnxExportError(OP, `${className}.forward must return a tensor, or arrays and objects of tensors, to be exported`);
  }
  return found.map(([n, t], i) => [names?.[i] ?? n, t]);
}

function valueInfo(name: string, t: Tensor): OnnxValueInfo {
  return { name, dataType: onnxTypeOf(t.dtype), shape: [...t.shape] };
}

function where(step: TraceStep): string {
  return describeModule(step.module);
}

/** Lower a trace into a graph (call inside the tidy that owns the trace's tensors). */
function buildGraph(
  model: AnyModule, inputs: readonly Tensor[], stateKeys: ReadonlyMap<Tensor, string>, trace: Trace, options: ExportOnnxOptions, opset: number,
): { graph: OnnxModel['graph']; shapes: Map<string, readonly number[]> } {
  const b = new GraphBuilder();
  const names = new Map<Tensor, string>();
  const int64 = options.int64Inputs ?? false;
  const inputInfos = inputs.map((t, i) => {
    const name = options.inputNames?.[i] ?? (inputs.length === 1 ? 'input' : `input_${i}`);
    if (!b.claim(name)) throw new OnnxExportError(OP, `input name '${name}' is used twice`);
    const wide = int64 === true ? t.dtype === 'int32' : int64 !== false && int64.includes(name);
    if (!wide) {
      names.set(t, name);
      return valueInfo(name, t);
    }
    if (t.dtype !== 'int32') throw new OnnxExportError(OP, `int64Inputs names input '${name}', which is ${t.dtype} [${t.shape.join(',')}]; only int32 inputs can be declared int64`);
    b.scope = 'model';
    names.set(t, b.node('Cast', [name], [intAttr('to', DATA_TYPE.int32)]));
    return { ...valueInfo(name, t), dataType: 'int64' as const };
  });
  const outputs = namedOutputs(trace.result, options.outputNames, model.constructor.name);
  for (const [name] of outputs) if (!b.claim(name)) throw new OnnxExportError(OP, `output name '${name}' is used twice or clashes with an input`);

  const valueOf = (t: Tensor): string => {
    const known = names.get(t);
    if (known !== undefined) return known;
    const key = stateKeys.get(t);
    const captured = trace.constants.get(t);
    const name = key !== undefined && b.claim(key) ? key : b.fresh(key ?? 'constant');
    b.initializer(name, onnxTypeOf(t.dtype), t.shape, captured?.raw ?? rawOf(t));
    names.set(t, name);
    return name;
  };

  for (const step of trace.steps) {
    b.scope = step.module.path === '' ? 'model' : step.module.path;
    let out: string | undefined;
    if (step.kind === 'activation') out = lowerActivation(b, step.opType, step.alpha, valueOf(step.input));
    else if (step.kind === 'recurrent') {
      const r = lowerRecurrent(b, step, (t) => valueOf(t));
      names.set(step.h, r.h);
      if (step.c && r.c) names.set(step.c, r.c);
      out = r.output;
    } else {
      const ins = step.inputs.map((t) => valueOf(t));
      out = lowerOp(step.op, step.attrs, { b, opset, inputs: ins, tensors: step.inputs, output: step.output });
      if (out === undefined) {
        throw new OnnxExportError(OP, `op '${step.op}' in ${where(step)} has no ONNX mapping; exportable ops: see EXPORTABLE_OPS`);
      }
    }
    names.set(step.output, out);
  }
  b.scope = 'model';
  const outputInfos = outputs.map(([name, t]) => {
    b.node('Identity', [valueOf(t)], [], name);
    return valueInfo(name, t);
  });
  const shapes = new Map<string, readonly number[]>();
  for (const [t, name] of names) shapes.set(name, t.shape);
  const graph = { name: options.graphName ?? model.constructor.name, nodes: b.nodes, initializers: b.initializers, inputs: inputInfos, outputs: outputInfos };
  return { graph, shapes };
}

/**
 * Trace `model` on `exampleInput` (one tensor or the forward's argument list) and return the ONNX
 * model. The model runs in eval mode during the trace (dropout off, batch norm on running
 * statistics) and its training flags are restored afterwards. Shapes are fixed to the example's.
 */
export function traceOnnxModel(model: AnyModule, exampleInput: Tensor | readonly Tensor[], options: ExportOnnxOptions = {}): OnnxModel {
  const opset = options.opset ?? ONNX_OPSETS.default;
  checkOpset(opset);
  if (options.recurrent !== undefined && options.recurrent !== 'unrolled' && options.recurrent !== 'onnx') {
    throw new OnnxExportError(OP, `recurrent must be 'unrolled' or 'onnx', got '${String(options.recurrent)}'`);
  }
  const inputs = isTensor(exampleInput) ? [exampleInput] : [...exampleInput];
  if (inputs.length === 0 || !inputs.every(isTensor)) throw new OnnxExportError(OP, 'exampleInput must be a tensor or a non-empty array of tensors');
  for (const t of inputs) t.assertAlive(OP);
  const axesOf = (kind: 'batch' | 'sequence', fallback: number): (number | null)[] => inputs.map((t, i) => {
    const given = options.inputAxes?.[i]?.[kind];
    const axis = given === undefined ? fallback : given;
    if (axis !== null && (!Number.isInteger(axis) || axis < 0 || axis >= t.rank)) {
      throw new OnnxExportError(OP, `inputAxes[${i}].${kind} is ${String(axis)}, not an axis of input ${i} [${t.shape.join(',')}]`);
    }
    return axis;
  });
  const batchAxes = axesOf('batch', 0);
  const sequenceAxes = axesOf('sequence', 1);
  const sharedSize = (axes: readonly (number | null)[]): boolean => new Set(inputs.flatMap((t, i) => (axes[i] === null ? [] : [t.shape[axes[i] as number]]))).size === 1;
  const described = (axes: readonly (number | null)[]): string => inputs.map((t, i) => `[${t.shape.join(',')}] (axis ${String(axes[i])})`).join(', ');
  if (options.dynamicBatch && !sharedSize(batchAxes)) {
    throw new OnnxExportError(OP, `dynamicBatch needs every input to share its batch axis (axis 0 unless inputAxes says otherwise), got ${described(batchAxes)}`);
  }
  if (options.dynamicSequence && !sharedSize(sequenceAxes)) {
    throw new OnnxExportError(OP, `dynamicSequence needs every input to share its sequence axis (axis 1 unless inputAxes says otherwise), got ${described(sequenceAxes)}`);
  }
  const modes = model.modules().map((m) => [m, m.training] as const);
  model.eval();
  let graph: OnnxModel['graph'] | undefined;
  try {
    const stateKeys = new Map<Tensor, string>();
    for (const [key, t] of Object.entries(model.stateDict())) if (!stateKeys.has(t)) stateKeys.set(t, key);
    const traceAt = (xs: readonly Tensor[]): ReturnType<typeof buildGraph> =>
      buildGraph(model, xs, stateKeys, traceForward(model, xs, new Set<Tensor>([...xs, ...stateKeys.keys()]), { nativeRecurrent: options.recurrent === 'onnx' }), options, opset);
    // the inputs with one more entry along their own axis (the first one repeated); inputs without it as they are
    const grown = (axes: readonly (number | null)[]): Tensor[] => inputs.map((t, k) => {
      const axis = axes[k];
      return axis === null ? t : concat([t, slice(t, t.shape.map(() => 0), t.shape.map((d, i) => (i === axis ? 1 : d)))], axis);
    });
    tidy(() => {
      const base = traceAt(inputs);
      const shapeOf = (name: string): readonly number[] | undefined => base.shapes.get(name);
      const batch = options.dynamicBatch ? mergeDynamicGraphs(base.graph, traceAt(grown(batchAxes)).graph, shapeOf, BATCH_AXIS, batchAxes) : null;
      const sequence = options.dynamicSequence ? mergeDynamicGraphs(base.graph, traceAt(grown(sequenceAxes)).graph, shapeOf, SEQUENCE_AXIS, sequenceAxes) : null;
      graph = combineDynamicGraphs(base.graph, batch, sequence);
    });
  } finally {
    for (const [m, training] of modes) m.training = training;
  }
  return { irVersion: irVersionFor(opset), opsetVersion: opset, producerName: 'nabla', producerVersion: '0.1.0', graph: graph as OnnxModel['graph'] };
}

/** Export `model`, traced on `exampleInput`, as ONNX ModelProto bytes (see `traceOnnxModel`). */
export function exportOnnx(model: AnyModule, exampleInput: Tensor | readonly Tensor[], options: ExportOnnxOptions = {}): Uint8Array {
  return encodeOnnxModel(traceOnnxModel(model, exampleInput, options));
}
