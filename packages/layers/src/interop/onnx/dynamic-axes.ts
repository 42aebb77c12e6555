/**
 * Dynamic axes by comparing traces: the model is traced at batch B and B + 1 (and, for a dynamic
 * sequence, at length T and T + 1), and the graphs must agree everywhere except in values that
 * follow the axis. Those become symbolic: the input axis (0 for `batch`, 1 for `sequence`) and
 * the output axis that follows it, a Reshape target entry that changed becomes −1, an Expand
 * entry 1, a Slice end that spans the whole axis INT64_MAX, and a constant of zeros whose first
 * axis is the batch (a recurrent layer's initial state) is built by ConstantOfShape from the
 * first input's batch. Anything else that changed (other constants made in forward with an
 * axis-sized shape, an attribute, the number of nodes) is an error naming it.
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

/** The symbolic version of an int64 shape-like initializer that changed with the batch. */
function symbolic(t: OnnxTensor, other: OnnxTensor, nodes: readonly OnnxNode[], valueShape: (name: string) => readonly number[] | undefined, axis: DynamicAxis): OnnxTensor {
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
    values = a.map((v, i) => {
      if (!changed[i]) return v;
      if (Number(v) !== input[i]) fail(`its slice does not span the whole axis ${i}`);
      return INT64_MAX;
    });
  } else {
    return fail(`is input ${slot} of a ${node.opType}, which has no symbolic form here`);
  }
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(8 * i, v, true));
  return { ...t, raw };
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

/**
 * Merge the graphs traced at size n (`a`) and n + 1 (`b`) of `axis` into one with that axis
 * symbolic. `shapeOf` gives the traced shape in `a` of any value (for slice bounds);
 * `inputAxes[i]` is the axis of input i that carries it (null: none; default `axis.inputAxis`).
 */
export function mergeDynamicGraphs(
  a: OnnxGraph, b: OnnxGraph, shapeOf: (name: string) => readonly number[] | undefined, axis: DynamicAxis, inputAxes: readonly (number | null)[] = [],
): OnnxGraph {
  const axisOf = (i: number): number | null => (inputAxes[i] === undefined ? axis.inputAxis : inputAxes[i]);
  const batchSource = a.inputs.findIndex((_, i) => axisOf(i) !== null);
  const structure = (g: OnnxGraph): string => JSON.stringify(g.nodes.map((n) => [n.opType, n.inputs, n.outputs, n.attributes]));
  if (structure(a) !== structure(b) || a.initializers.length !== b.initializers.length) {
    const i = a.nodes.findIndex((n, k) => JSON.stringify(n) !== JSON.stringify(b.nodes[k]));
    const where = i >= 0 ? `node '${a.nodes[i].name}' (${a.nodes[i].opType})` : 'its constants';
    throw new OnnxExportError(OP, `${axis.option}: the traced graph changes with the ${axis.noun} at ${where} (an attribute, the control flow or an unrolled loop depends on it); export with a fixed ${axis.symbol} instead`);
  }
  const initializers: OnnxTensor[] = [];
  const prologue: OnnxNode[] = [];
  a.initializers.forEach((t, i) => {
    const u = b.initializers[i];
    if (t.name !== u.name) throw new OnnxExportError(OP, `${axis.option}: initializer ${i} is '${t.name}' at one ${axis.noun} and '${u.name}' at another`);
    if (t.dims.join(',') === u.dims.join(',') && sameBytes(t.raw, u.raw)) initializers.push(t);
    else if (axis.symbol === 'batch' && batchSource >= 0 && isBatchZeros(t, u)) {
      const zeros = batchZeros(t, a.inputs[batchSource].name, axisOf(batchSource) as number);
      prologue.push(...zeros.nodes);
      initializers.push(...zeros.constants);
    } else initializers.push(symbolic(t, u, a.nodes, shapeOf, axis));
  });
  return {
    ...a,
    nodes: [...prologue, ...a.nodes],
    initializers,
    inputs: a.inputs.map((v, i) => symbolicAxis(v, b.inputs[i], 'input', axis, axisOf(i))),
    outputs: a.outputs.map((v, i) => symbolicAxis(v, b.outputs[i], 'output', axis, null)),
  };
}

/**
 * Combine two merges of the same base graph (`batch` from `mergeDynamicGraphs(base, …, BATCH_AXIS)`,
 * `sequence` likewise): each symbolic value is taken from the merge that made it; a constant both
 * made symbolic must have become the same, and an output axis following both is `batch*sequence`.
 */
export function combineDynamicGraphs(base: OnnxGraph, batch: OnnxGraph, sequence: OnnxGraph): OnnxGraph {
  const original = new Map(base.initializers.map((t) => [t.name, t]));
  const fromSequence = new Map(sequence.initializers.map((t) => [t.name, t]));
  const initializers = batch.initializers.map((t) => {
    const s = fromSequence.get(t.name);
    const o = original.get(t.name);
    if (!s || !o || sameBytes(s.raw, o.raw)) return t;
    if (sameBytes(t.raw, o.raw) || sameBytes(t.raw, s.raw)) return s;
    throw new OnnxExportError(OP, `dynamicSequence: constant '${t.name}' follows both the batch and the sequence in different entries; export with a fixed batch or sequence instead`);
  });
  const mergeShapes = (x: OnnxValueInfo, y: OnnxValueInfo): OnnxValueInfo => ({
    ...x,
    shape: x.shape.map((d, i) => (typeof d === 'string' && typeof y.shape[i] === 'string' ? `${d}*${String(y.shape[i])}` : typeof d === 'string' ? d : y.shape[i])),
  });
  // the sequence merge adds no nodes or constants (only the batch merge builds zero states), so
  // the batch merge's nodes and constants, with the sequence's symbolic values, are the union
  return {
    ...batch,
    initializers,
    inputs: batch.inputs.map((v, i) => mergeShapes(v, sequence.inputs[i])),
    outputs: batch.outputs.map((v, i) => mergeShapes(v, sequence.outputs[i])),
  };
}
