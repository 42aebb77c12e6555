/**
 * Dynamic axes by comparing traces: the model is traced at batch B and B + 1 (and, for a dynamic
 * sequence, at length T and T + 1), and the graphs must agree everywhere except in values that
 * follow the axis. Those become symbolic: the input axis (0 for `batch`, 1 for `sequence`) and
 * the output axis that follows it, a Reshape target entry that changed becomes −1, an Expand
 * entry 1, a Slice end that spans the whole axis INT64_MAX, a Slice end that follows the axis
 * inside a longer one (a position table sliced to the input's length) base + slope · length
 * computed from the input's Shape, and a constant of zeros whose first axis is the batch (a
 * recurrent layer's initial state) is built by ConstantOfShape from the first input's batch.
 * Anything else that changed (other constants made in forward with an axis-sized shape, an
 * attribute, the number of nodes) is an error naming it.
 */
import { OnnxExportError } from '../errors.js';
import type { OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './model-proto.js';

const OP = 'exportOnnx';

/** A dynamic axis: its symbol, the input axis it is on, and words for messages. */
export interface DynamicAxis {
  readonly symbol: 'batch' | 'sequence';
  readonly inputAxis: number;
  readonly option: 'dynamicBatch' | 'dynamicSequence';
  readonly noun: string;
}

/** The batch axis (axis 0 of every input). */
export const BATCH_AXIS: DynamicAxis = { symbol: 'batch', inputAxis: 0, option: 'dynamicBatch', noun: 'batch size' };
/** The sequence axis (axis 1 of every input). */
export const SEQUENCE_AXIS: DynamicAxis = { symbol: 'sequence', inputAxis: 1, option: 'dynamicSequence', noun: 'sequence length' };
const INT64_MAX = 9223372036854775807n;

function int64s(t: OnnxTensor): bigint[] {
  const view = new DataView(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength);
  return Array.from({ length: t.raw.byteLength / 8 }, (_, i) => view.getBigInt64(8 * i, true));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Where an initializer is read: the first node and input slot using it. */
function consumerOf(nodes: readonly OnnxNode[], name: string): [OnnxNode, number] | null {
  for (const n of nodes) {
    const slot = n.inputs.indexOf(name);
    if (slot >= 0) return [n, slot];
  }
  return null;
}

/**
 * The value info with the axis symbolic: for an input, its own axis `inputAxis` (null: it has
 * none, so it must not change); for an output, the one axis that follows it (h [layers, batch, H]).
 */
function symbolicAxis(a: OnnxValueInfo, b: OnnxValueInfo, what: 'input' | 'output', axis: DynamicAxis, inputAxis: number | null): OnnxValueInfo {
  const differs = a.shape.map((d, i) => d !== b.shape[i]);
  const count = differs.filter(Boolean).length;
  if (a.shape.length !== b.shape.length || count > 1 || (what === 'input' && count === 1 && (inputAxis === null || !differs[inputAxis]))) {
    const beyond = inputAxis === null ? 'although it has no such axis' : `beyond axis ${inputAxis}`;
    throw new OnnxExportError(OP, `${axis.option}: ${what} '${a.name}' changes shape ${what === 'input' ? beyond : 'in more than one axis'} with the ${axis.noun} ([${a.shape.join(',')}] vs [${b.shape.join(',')}])`);
  }
  return { ...a, shape: a.shape.map((d, i) => (differs[i] ? axis.symbol : d)) };
}

/** How an int64 shape-like initializer that changed with the axis is written: a new constant, or computed from the axis length. */
type SymbolicShape = { readonly tensor: OnnxTensor } | { readonly linear: { readonly base: bigint[]; readonly slope: bigint[] } };

/** The symbolic version of an int64 shape-like initializer that changed with the axis (`size` in `t`, size + 1 in `other`). */
function symbolic(t: OnnxTensor, other: OnnxTensor, nodes: readonly OnnxNode[], valueShape: (name: string) => readonly number[] | undefined, axis: DynamicAxis, size: number): SymbolicShape {
  const consumer = consumerOf(nodes, t.name);
  const at = consumer ? `${consumer[0].opType} '${consumer[0].name}'` : 'no node';
  const fail = (why: string): never => {
    throw new OnnxExportError(OP, `${axis.option}: constant '${t.name}' (read by ${at}) depends on the ${axis.noun} and ${why}; export with a fixed ${axis.symbol} instead`);
  };
  if (t.dataType !== 'int64' || t.dims.length !== 1 || other.dims.join(',') !== t.dims.join(',') || !consumer) {
    return fail(`is not a shape (${t.dataType} [${t.dims.join(',')}] vs [${other.dims.join(',')}])`);
  }
  const [node, slot] = consumer;
  const a = int64s(t);
  const b = int64s(other);
  const changed = a.map((v, i) => v !== b[i]);
  let values: bigint[];
  if (node.opType === 'Reshape' && slot === 1) {
    if (changed.filter(Boolean).length !== 1 || a.includes(-1n)) fail(`more than one of its entries follow the ${axis.symbol}`);
    values = a.map((v, i) => (changed[i] ? -1n : v));
  } else if (node.opType === 'Expand' && slot === 1) {
    values = a.map((v, i) => (changed[i] ? 1n : v));
  } else if (node.opType === 'Slice' && slot === 2) {
    // the exporter's Slice nodes list every axis in order, so entry i bounds axis i
    const input = valueShape(node.inputs[0]);
    if (!input) return fail('its Slice input shape is unknown');
    if (a.some((v, i) => changed[i] && Number(v) !== input[i])) {
      // a slice that follows the axis inside a longer one (a position table cut to the input's length)
      const slope = a.map((v, i) => b[i] - v);
      return { linear: { base: a.map((v, i) => v - slope[i] * BigInt(size)), slope } };
    }
    values = a.map((v, i) => (changed[i] ? INT64_MAX : v));
  } else {
    return fail(`is input ${slot} of a ${node.opType}, which has no symbolic form here`);
  }
  return { tensor: int64Tensor(t.name, values) };
}

/** True for zeros whose shape differs between the traces only in axis 0 (a batch-sized zero state). */
function isBatchZeros(t: OnnxTensor, other: OnnxTensor): boolean {
  return t.dims.length > 0 && t.dims.length === other.dims.length && t.dims.slice(1).join(',') === other.dims.slice(1).join(',')
    && t.raw.every((v) => v === 0) && other.raw.every((v) => v === 0);
}

/** Nodes computing zeros [batch, ...t.dims[1:]] into `t.name`, the batch read from axis `at` of graph input `input`. */
function batchZeros(t: OnnxTensor, input: string, at: number): { nodes: OnnxNode[]; constants: OnnxTensor[] } {
  const n = (suffix: string): string => `${t.name}/${suffix}`;
  const int64 = (name: string, values: readonly number[]): OnnxTensor => {
    const raw = new Uint8Array(8 * values.length);
    values.forEach((v, i) => new DataView(raw.buffer).setBigInt64(8 * i, BigInt(v), true));
    return { name, dataType: 'int64', dims: [values.length], raw };
  };
  const constants = [int64(n('start'), [at]), int64(n('end'), [at + 1]), int64(n('rest'), t.dims.slice(1))];
  const zero: OnnxTensor = { name: 'value', dataType: t.dataType, dims: [1], raw: new Uint8Array(t.raw.length / Math.max(1, t.dims.reduce((a, b) => a * b, 1))) };
  const nodes: OnnxNode[] = [
    { name: n('Shape'), opType: 'Shape', inputs: [input], outputs: [n('input_shape')], attributes: [] },
    { name: n('Slice'), opType: 'Slice', inputs: [n('input_shape'), n('start'), n('end')], outputs: [n('batch')], attributes: [] },
    { name: n('Concat'), opType: 'Concat', inputs: [n('batch'), n('rest')], outputs: [n('shape')], attributes: [{ name: 'axis', kind: 'int', value: 0 }] },
    { name: n('ConstantOfShape'), opType: 'ConstantOfShape', inputs: [n('shape')], outputs: [t.name], attributes: [{ name: 'value', kind: 'tensor', value: zero }] },
  ];
  return { nodes, constants };
}

/** A 1-D int64 constant. */
function int64Tensor(name: string, values: readonly bigint[]): OnnxTensor {
  const raw = new Uint8Array(8 * values.length);
  values.forEach((v, i) => new DataView(raw.buffer).setBigInt64(8 * i, v, true));
  return { name, dataType: 'int64', dims: [values.length], raw };
}

/** One term of a linear shape: `slope` times the length of axis `at` of graph input `input`. */
interface AxisTerm {
  readonly input: string;
  readonly at: number;
  readonly slope: readonly bigint[];
}

/**
 * Nodes computing the int64 vector `name` = base + Σ slope · (length of an input axis), for shape
 * constants that follow a dynamic axis but are not a whole axis (a Slice end inside a longer
 * table, a Reshape target following both the batch and the sequence).
 */
function linearShape(name: string, base: readonly bigint[], terms: readonly AxisTerm[]): { nodes: OnnxNode[]; constants: OnnxTensor[] } {
  const n = (suffix: string): string => `${name}/${suffix}`;
  const constants = [int64Tensor(n('base'), base)];
  const nodes: OnnxNode[] = [];
  let sum = n('base');
  terms.forEach((term, k) => {
    constants.push(int64Tensor(n(`start${k}`), [BigInt(term.at)]), int64Tensor(n(`end${k}`), [BigInt(term.at + 1)]), int64Tensor(n(`slope${k}`), term.slope));
    const last = k === terms.length - 1;
    nodes.push(
      { name: n(`Shape${k}`), opType: 'Shape', inputs: [term.input], outputs: [n(`shape${k}`)], attributes: [] },
      { name: n(`Slice${k}`), opType: 'Slice', inputs: [n(`shape${k}`), n(`start${k}`), n(`end${k}`)], outputs: [n(`length${k}`)], attributes: [] },
      { name: n(`Mul${k}`), opType: 'Mul', inputs: [n(`slope${k}`), n(`length${k}`)], outputs: [n(`term${k}`)], attributes: [] },
      { name: n(`Add${k}`), opType: 'Add', inputs: [sum, n(`term${k}`)], outputs: [last ? name : n(`sum${k}`)], attributes: [] },
    );
    sum = n(`sum${k}`);
  });
  return { nodes, constants };
}

/** One dynamic axis merged: the graph, and what `combineDynamicGraphs` needs to join it with another. */
export interface AxisMerge {
  readonly graph: OnnxGraph;
  /** Where the axis length is read: a graph input and its axis (null: no input has the axis). */
  readonly source: { readonly input: string; readonly at: number } | null;
  /** The axis length in the base trace. */
  readonly size: number;
  /** Per int64 constant that changed with the axis: how much each entry grows per step of the axis. */
  readonly slopes: ReadonlyMap<string, readonly bigint[]>;
}

/**
 * Merge the graphs traced at size n (`a`) and n + 1 (`b`) of `axis` into one with that axis
 * symbolic. `shapeOf` gives the traced shape in `a` of any value (for slice bounds);
 * `inputAxes[i]` is the axis of input i that carries it (null: none; default `axis.inputAxis`).
 */
export function mergeDynamicGraphs(
  a: OnnxGraph, b: OnnxGraph, shapeOf: (name: string) => readonly number[] | undefined, axis: DynamicAxis, inputAxes: readonly (number | null)[] = [],
): AxisMerge {
  const axisOf = (i: number): number | null => (inputAxes[i] === undefined ? axis.inputAxis : inputAxes[i]);
  const sourceIndex = a.inputs.findIndex((_, i) => axisOf(i) !== null);
  const source = sourceIndex >= 0 ? { input: a.inputs[sourceIndex].name, at: axisOf(sourceIndex) as number } : null;
  const size = source ? Number(a.inputs[sourceIndex].shape[source.at]) : 0;
  const structure = (g: OnnxGraph): string => JSON.stringify(g.nodes.map((n) => [n.opType, n.inputs, n.outputs, n.attributes]));
  if (structure(a) !== structure(b) || a.initializers.length !== b.initializers.length) {
    const i = a.nodes.findIndex((n, k) => JSON.stringify(n) !== JSON.stringify(b.nodes[k]));
    const where = i >= 0 ? `node '${a.nodes[i].name}' (${a.nodes[i].opType})` : 'its constants';
    throw new OnnxExportError(OP, `${axis.option}: the traced graph changes with the ${axis.noun} at ${where} (an attribute, the control flow or an unrolled loop depends on it); export with a fixed ${axis.symbol} instead`);
  }
  const initializers: OnnxTensor[] = [];
  const prologue: OnnxNode[] = [];
  const slopes = new Map<string, readonly bigint[]>();
  a.initializers.forEach((t, i) => {
    const u = b.initializers[i];
    if (t.name !== u.name) throw new OnnxExportError(OP, `${axis.option}: initializer ${i} is '${t.name}' at one ${axis.noun} and '${u.name}' at another`);
    if (t.dims.join(',') === u.dims.join(',') && sameBytes(t.raw, u.raw)) {
      initializers.push(t);
      return;
    }
    if (t.dataType === 'int64' && t.dims.length === 1 && u.dims.join(',') === t.dims.join(',')) {
      const [x, y] = [int64s(t), int64s(u)];
      slopes.set(t.name, x.map((v, k) => y[k] - v));
    }
    if (axis.symbol === 'batch' && source && isBatchZeros(t, u)) {
      const zeros = batchZeros(t, source.input, source.at);
      prologue.push(...zeros.nodes);
      initializers.push(...zeros.constants);
      return;
    }
    const form = symbolic(t, u, a.nodes, shapeOf, axis, size);
    if ('tensor' in form) {
      initializers.push(form.tensor);
      return;
    }
    if (!source) throw new OnnxExportError(OP, `${axis.option}: constant '${t.name}' follows the ${axis.noun}, but no input has that axis`);
    const computed = linearShape(t.name, form.linear.base, [{ ...source, slope: form.linear.slope }]);
    prologue.push(...computed.nodes);
    initializers.push(...computed.constants);
  });
  const graph = {
    ...a,
    nodes: [...prologue, ...a.nodes],
    initializers,
    inputs: a.inputs.map((v, i) => symbolicAxis(v, b.inputs[i], 'input', axis, axisOf(i))),
    outputs: a.outputs.map((v, i) => symbolicAxis(v, b.outputs[i], 'output', axis, null)),
  };
  return { graph, source, size, slopes };
}

/**
 * Combine two merges of the same base graph (`batch` from `mergeDynamicGraphs(base, …, BATCH_AXIS)`,
 * `sequence` likewise; null for an axis that stays fixed): each symbolic value is taken from the
 * merge that made it; a constant both changed is the same in both, or (a Reshape target following
 * the batch in one entry and the sequence in another) computed as base + slopes · lengths from
 * the inputs' shapes, an entry following both at once left to Reshape's −1. An output axis
 * following both is `batch*sequence`.
 */
export function combineDynamicGraphs(base: OnnxGraph, batch: AxisMerge | null, sequence: AxisMerge | null): OnnxGraph {
  if (!batch || !sequence) return (batch ?? sequence)?.graph ?? base;
  const original = new Map(base.initializers.map((t) => [t.name, t]));
  const byName = (g: OnnxGraph): Map<string, OnnxTensor> => new Map(g.initializers.map((t) => [t.name, t]));
  const [fromBatch, fromSequence] = [byName(batch.graph), byName(sequence.graph)];
  const initializers: OnnxTensor[] = [];
  const nodes: OnnxNode[] = [];
  const prologue = (m: AxisMerge): OnnxNode[] => m.graph.nodes.slice(0, m.graph.nodes.length - base.nodes.length);
  for (const o of base.initializers) {
    const [t, s] = [fromBatch.get(o.name), fromSequence.get(o.name)];
    const batchChanged = !t || !sameBytes(t.raw, o.raw);
    const sequenceChanged = !s || !sameBytes(s.raw, o.raw);
    if (!batchChanged) {
      if (s) initializers.push(s); // else the sequence merge's prologue computes it
    } else if (!sequenceChanged) {
      if (t) initializers.push(t);
    } else if (t && s && sameBytes(t.raw, s.raw)) {
      initializers.push(t);
    } else {
      if (!t || !s) throw new OnnxExportError(OP, `dynamicSequence: constant '${o.name}' follows both the batch and the sequence, and one of them computes it from the input's shape; export with a fixed batch or sequence instead`);
      const computed = bothAxes(o, base.nodes, batch, sequence);
      nodes.push(...computed.nodes);
      initializers.push(...computed.constants);
    }
  }
  // the constants the merges' prologues read
  for (const m of [batch, sequence]) for (const t of m.graph.initializers) if (!original.has(t.name)) initializers.push(t);
  const mergeShapes = (x: OnnxValueInfo, y: OnnxValueInfo): OnnxValueInfo => ({
    ...x,
    shape: x.shape.map((d, i) => (typeof d === 'string' && typeof y.shape[i] === 'string' ? `${d}*${String(y.shape[i])}` : typeof d === 'string' ? d : y.shape[i])),
  });
  return {
    ...batch.graph,
    nodes: [...prologue(batch), ...prologue(sequence), ...nodes, ...base.nodes],
    initializers,
    inputs: batch.graph.inputs.map((v, i) => mergeShapes(v, sequence.graph.inputs[i])),
    outputs: batch.graph.outputs.map((v, i) => mergeShapes(v, sequence.graph.outputs[i])),
  };
}

/** A Reshape target `o` following the batch in some entries and the sequence in others: base + slopes · lengths (an entry following both: −1). */
function bothAxes(o: OnnxTensor, nodes: readonly OnnxNode[], batch: AxisMerge, sequence: AxisMerge): { nodes: OnnxNode[]; constants: OnnxTensor[] } {
  const consumer = consumerOf(nodes, o.name);
  const [sb, ss] = [batch.slopes.get(o.name), sequence.slopes.get(o.name)];
  const fail = (why: string): never => {
    throw new OnnxExportError(OP, `dynamicSequence: constant '${o.name}' (read by ${consumer ? `${consumer[0].opType} '${consumer[0].name}'` : 'no node'}) follows both the batch and the sequence and ${why}; export with a fixed batch or sequence instead`);
  };
  if (!consumer || !sb || !ss || !batch.source || !sequence.source) return fail('is not a shape computed here');
  const reshape = consumer[0].opType === 'Reshape' && consumer[1] === 1;
  const values = int64s(o);
  const both = values.map((_, i) => sb[i] !== 0n && ss[i] !== 0n);
  if (both.some(Boolean) && (!reshape || both.filter(Boolean).length > 1 || values.includes(-1n))) return fail('more than one of its entries follow both');
  const keep = (slope: readonly bigint[]): bigint[] => slope.map((v, i) => (both[i] ? 0n : v));
  const [slopeB, slopeS] = [keep(sb), keep(ss)];
  const base = values.map((v, i) => (both[i] ? -1n : v - slopeB[i] * BigInt(batch.size) - slopeS[i] * BigInt(sequence.size)));
  return linearShape(o.name, base, [{ ...batch.source, slope: slopeB }, { ...sequence.source, slope: slopeS }]);
}
