/**
 * SimpleRNN, GRU and LSTM as ONNX's RNN, GRU and LSTM ops (layout 0: sequence first), one node
 * per layer. PyTorch's gate blocks are reordered for ONNX (LSTM i, f, g, o → i, o, f, c; GRU
 * r, z, n → z, r, h with linear_before_reset = 1, PyTorch's formulation), W [1, G·H, I],
 * R [1, G·H, H] and B = [b_ih, b_hh] [1, 2·G·H] become initializers derived from the weights.
 */
import type { Tensor } from '@nabla/tensor-core';
import { GRU } from '../../recurrent/gru.js';
import { LSTM } from '../../recurrent/lstm.js';
import type { SimpleRNN } from '../../recurrent/simple-rnn.js';
import { intAttr, intsAttr, type GraphBuilder } from './graph-builder.js';
import type { OnnxAttribute } from './model-proto.js';
import type { TracedRecurrent } from './trace.js';

type FloatArray = Float32Array | Float64Array;

/** For each ONNX gate block, the index of the PyTorch block it holds. */
export const ONNX_GATE_ORDER = { LSTM: [0, 3, 1, 2], GRU: [1, 0, 2], RNN: [0] } as const;

/** Gate blocks of `data` ([G·H, cols] row-major) in the order `order` (block `order[j]` goes to j). */
export function reorderGates(data: FloatArray, order: readonly number[], hidden: number, cols: number): FloatArray {
  const out = new (data.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(data.length);
  const block = hidden * cols;
  order.forEach((from, to) => out.set(data.subarray(from * block, (from + 1) * block), to * block));
  return out;
}

function bytesOf(data: FloatArray): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** The ONNX op, its gate order and its attributes for a recurrent layer. */
function opOf(layer: SimpleRNN | GRU | LSTM): { opType: 'RNN' | 'GRU' | 'LSTM'; order: readonly number[]; attributes: OnnxAttribute[] } {
  const hidden = intAttr('hidden_size', layer.hiddenSize);
  if (layer instanceof LSTM) return { opType: 'LSTM', order: ONNX_GATE_ORDER.LSTM, attributes: [hidden] };
  if (layer instanceof GRU) return { opType: 'GRU', order: ONNX_GATE_ORDER.GRU, attributes: [hidden, intAttr('linear_before_reset', 1)] };
  return { opType: 'RNN', order: ONNX_GATE_ORDER.RNN, attributes: [hidden, { name: 'activations', kind: 'strings', value: [layer.nonlinearity === 'relu' ? 'Relu' : 'Tanh'] }] };
}

/** Lower one traced recurrent layer; returns the value names of its output [B, T, H], h and c [numLayers, B, H]. */
export function lowerRecurrent(b: GraphBuilder, step: TracedRecurrent, valueOf: (t: Tensor) => string): { output: string; h: string; c: string | null } {
  const layer = step.layer;
  const { opType, order, attributes } = opOf(layer);
  const H = layer.hiddenSize;
  const G = order.length;
  const dtype = layer.getParameter('weight_ih_l0').dtype === 'float64' ? 'float64' : 'float32';
  const weight = (name: string): FloatArray => layer.getParameter(name).dataSync() as FloatArray;
  let x = b.node('Transpose', [valueOf(step.input)], [intsAttr('perm', [1, 0, 2])]); // [T, B, I]
  const hs: string[] = [];
  const cs: string[] = [];
  for (let k = 0; k < layer.numLayers; k++) {
    const inSize = k === 0 ? layer.inputSize : H;
    const w = reorderGates(weight(`weight_ih_l${k}`), order, H, inSize);
    const r = reorderGates(weight(`weight_hh_l${k}`), order, H, H);
    const bias = new (dtype === 'float64' ? Float64Array : Float32Array)(2 * G * H);
    if (layer.hasBias) {
      bias.set(reorderGates(weight(`bias_ih_l${k}`), order, H, 1), 0);
      bias.set(reorderGates(weight(`bias_hh_l${k}`), order, H, 1), G * H);
    }
    const W = b.initializer(b.fresh(`${b.scope}/W_l${k}`), dtype, [1, G * H, inSize], bytesOf(w));
    const R = b.initializer(b.fresh(`${b.scope}/R_l${k}`), dtype, [1, G * H, H], bytesOf(r));
    const B = b.initializer(b.fresh(`${b.scope}/B_l${k}`), dtype, [1, 2 * G * H], bytesOf(bias));
    // layer k's slice [1, B, H] of a given initial state [numLayers, B, H]
    const initial = (t: Tensor | undefined): string =>
      t === undefined ? '' : b.node('Slice', [valueOf(t), b.int64s([k], 'starts'), b.int64s([k + 1], 'ends'), b.int64s([0], 'axes')]);
    const inputs = [x, W, R, B, '', initial(step.h0), ...(opType === 'LSTM' ? [initial(step.c0)] : [])];
    while (inputs[inputs.length - 1] === '') inputs.pop();
    const outs = b.nodeOutputs(opType, inputs, attributes, opType === 'LSTM' ? 3 : 2);
    x = b.node('Squeeze', [outs[0], b.int64s([1], 'axes')]); // Y [T, 1, B, H] → [T, B, H]
    hs.push(outs[1]);
    if (opType === 'LSTM') cs.push(outs[2]);
  }
  const join = (states: string[]): string => (states.length === 1 ? states[0] : b.node('Concat', states, [intAttr('axis', 0)]));
  return { output: b.node('Transpose', [x], [intsAttr('perm', [1, 0, 2])]), h: join(hs), c: cs.length > 0 ? join(cs) : null };
}
