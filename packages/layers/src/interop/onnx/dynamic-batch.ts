/**
 * A dynamic batch axis by comparing two traces: the model is traced at batch B and B + 1, and
 * the two graphs must agree everywhere except in values that follow the batch. Those become
 * symbolic: graph input/output axis 0 is `batch`, a Reshape target entry that changed becomes
 * −1, an Expand entry 1, a Slice end that spans the whole axis INT64_MAX. Anything else that
 * changed (a constant made in forward with a batch-sized shape, an attribute) is an error naming it.
 */
import { OnnxExportError } from '../errors.js';
import type { OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './model-proto.js';

const OP = 'exportOnnx';
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

function batchAxis(a: OnnxValueInfo, b: OnnxValueInfo, what: string): OnnxValueInfo {
  const differs = a.shape.map((d, i) => d !== b.shape[i]);
  if (a.shape.length !== b.shape.length || differs.some((d, i) => d && i !== 0)) {
    throw new OnnxExportError(OP, `dynamicBatch: ${what} '${a.name}' changes shape beyond axis 0 with the batch ([${a.shape.join(',')}] vs [${b.shape.join(',')}])`);
  }
  return differs[0] ? { ...a, shape: ['batch', ...a.shape.slice(1)] } : a;
}

/** The symbolic version of an int64 shape-like initializer that changed with the batch. */
function symbolic(t: OnnxTensor, other: OnnxTensor, nodes: readonly OnnxNode[], valueShape: (name: string) => readonly number[] | undefined): OnnxTensor {
  const consumer = consumerOf(nodes, t.name);
  const at = consumer ? `${consumer[0].opType} '${consumer[0].name}'` : 'no node';
  const fail = (why: string): never => {
    throw new OnnxExportError(OP, `dynamicBatch: constant '${t.name}' (read by ${at}) depends on the batch size and ${why}; export with a fixed batch instead`);
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
    if (changed.filter(Boolean).length !== 1 || a.includes(-1n)) fail('more than one of its entries follow the batch');
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

/**
 * Merge the graphs traced at batch B (`a`) and B + 1 (`b`) into one with a symbolic batch axis.
 * `shapeOf` gives the traced shape at batch B of any value of `a` (for slice bounds).
 */
export function mergeBatchGraphs(a: OnnxGraph, b: OnnxGraph, shapeOf: (name: string) => readonly number[] | undefined): OnnxGraph {
  const structure = (g: OnnxGraph): string => JSON.stringify(g.nodes.map((n) => [n.opType, n.inputs, n.outputs, n.attributes]));
  if (structure(a) !== structure(b) || a.initializers.length !== b.initializers.length) {
    const i = a.nodes.findIndex((n, k) => JSON.stringify(n) !== JSON.stringify(b.nodes[k]));
    const where = i >= 0 ? `node '${a.nodes[i].name}' (${a.nodes[i].opType})` : 'its constants';
    throw new OnnxExportError(OP, `dynamicBatch: the traced graph changes with the batch size at ${where} (an attribute or the control flow depends on it); export with a fixed batch instead`);
  }
  const initializers = a.initializers.map((t, i) => {
    const u = b.initializers[i];
    if (t.name !== u.name) throw new OnnxExportError(OP, `dynamicBatch: initializer ${i} is '${t.name}' at one batch size and '${u.name}' at another`);
    return t.dims.join(',') === u.dims.join(',') && sameBytes(t.raw, u.raw) ? t : symbolic(t, u, a.nodes, shapeOf);
  });
  return {
    ...a,
    initializers,
    inputs: a.inputs.map((v, i) => batchAxis(v, b.inputs[i], 'input')),
    outputs: a.outputs.map((v, i) => batchAxis(v, b.outputs[i], 'output')),
  };
}
