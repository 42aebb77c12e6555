/** Load the initializers of an ONNX model into a Nabla model with the same state-dict names. */
import type { HostTensor } from '../../checkpoint/host-tensor.js';
import type { AnyModule, LoadStateDictResult } from '../../module/module.js';
import { RecurrentBase } from '../../recurrent/recurrent-base.js';
import { OnnxFormatError, WeightImportError } from '../errors.js';
import { importHostTensors } from '../state-dict/import-state-dict.js';
import { decodeOnnxModel } from './decode-model.js';
import { ONNX_GATE_ORDER, reorderGates } from './lower-recurrent.js';
import type { OnnxGraph, OnnxTensor } from './model-proto.js';

/** An initializer's values as a host tensor (int64 narrowed to int32 when every value fits). */
export function hostTensorOf(t: OnnxTensor): HostTensor {
  const view = new DataView(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength);
  const size = t.dims.reduce((a, b) => a * b, 1);
  const shape = [...t.dims];
  switch (t.dataType) {
    case 'float32': return { dtype: 'float32', shape, data: Float32Array.from({ length: size }, (_, i) => view.getFloat32(4 * i, true)) };
    case 'float64': return { dtype: 'float64', shape, data: Float64Array.from({ length: size }, (_, i) => view.getFloat64(8 * i, true)) };
    case 'int32': return { dtype: 'int32', shape, data: Int32Array.from({ length: size }, (_, i) => view.getInt32(4 * i, true)) };
    case 'bool': return { dtype: 'bool', shape, data: Uint8Array.from({ length: size }, (_, i) => view.getUint8(i)) };
    case 'int64': {
      const data = new Int32Array(size);
      for (let i = 0; i < size; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v > 2147483647n || v < -2147483648n) throw new OnnxFormatError('importOnnxInitializers', `int64 initializer '${t.name}' holds ${v}, which does not fit int32`);
        data[i] = Number(v);
      }
      return { dtype: 'int32', shape, data };
    }
  }
}

/** The module path an ONNX node belongs to: `lstm/LSTM` (Nabla) or `/encoder/lstm/LSTM_1` (PyTorch) → 'lstm', 'encoder.lstm'. */
function modulePathOf(nodeName: string): string {
  const scope = nodeName.replace(/^\//, '');
  const cut = scope.lastIndexOf('/');
  return cut < 0 ? '' : scope.slice(0, cut).replace(/\//g, '.');
}

/**
 * Weights of ONNX RNN/GRU/LSTM nodes (W [1, G·H, I], R [1, G·H, H], B [1, 2·G·H], ONNX gate
 * order) under the state-dict names of the recurrent module they belong to, in PyTorch's layout.
 * The k-th node of a module is its layer k. Nodes whose module is not a recurrent layer of
 * `model` are skipped.
 */
function recurrentWeights(model: AnyModule, graph: OnnxGraph): Record<string, HostTensor> {
  const modules = new Map(model.namedModules());
  const initializers = new Map(graph.initializers.map((t) => [t.name, t]));
  const layersSeen = new Map<string, number>();
  const out: Record<string, HostTensor> = {};
  for (const node of graph.nodes) {
    if (node.opType !== 'LSTM' && node.opType !== 'GRU' && node.opType !== 'RNN') continue;
    let path = modulePathOf(node.name);
    if (!modules.has(path) && path === 'model') path = '';
    const layer = modules.get(path);
    if (!(layer instanceof RecurrentBase)) continue;
    if (node.opType === 'GRU' && !node.attributes.some((a) => a.name === 'linear_before_reset' && a.kind === 'int' && a.value === 1)) {
      throw new WeightImportError('importOnnxInitializers', `GRU node '${node.name}' has linear_before_reset = 0, which Nabla's GRU (PyTorch's formulation) cannot represent`);
    }
    const k = layersSeen.get(path) ?? 0;
    layersSeen.set(path, k + 1);
    const order = ONNX_GATE_ORDER[node.opType];
    const back = order.map((_, p) => (order as readonly number[]).indexOf(p)); // PyTorch block p is ONNX block back[p]
    const prefix = path === '' ? '' : `${path}.`;
    const take = (slot: number, what: string): HostTensor | null => {
      const t = initializers.get(node.inputs[slot] ?? '');
      if (!t) return null;
      const h = hostTensorOf(t);
      if (h.dtype !== 'float32' && h.dtype !== 'float64') throw new WeightImportError('importOnnxInitializers', `${what} of '${node.name}' is ${h.dtype}, not float`);
      return h;
    };
    const gates = order.length;
    const H = layer.hiddenSize;
    for (const [slot, name] of [[1, 'weight_ih'], [2, 'weight_hh']] as const) {
      const h = take(slot, name);
      if (!h) continue;
      const cols = h.shape[2];
      out[`${prefix}${name}_l${k}`] = { dtype: h.dtype, shape: [gates * H, cols], data: reorderGates(h.data as Float32Array | Float64Array, back, H, cols) };
    }
    const bias = take(3, 'B');
    if (bias) {
      const data = bias.data as Float32Array | Float64Array;
      out[`${prefix}bias_ih_l${k}`] = { dtype: bias.dtype, shape: [gates * H], data: reorderGates(data.subarray(0, gates * H), back, H, 1) };
      out[`${prefix}bias_hh_l${k}`] = { dtype: bias.dtype, shape: [gates * H], data: reorderGates(data.subarray(gates * H), back, H, 1) };
    }
  }
  return out;
}

/**
 * Copy every ONNX initializer whose name is one of `model`'s state-dict keys (`0.weight`,
 * `lstm.weight_ih_l0`: what `exportOnnx` writes, and what PyTorch writes for parameters it
 * keeps unfolded) into the model, plus the W, R and B inputs of ONNX RNN/GRU/LSTM nodes mapped
 * back to the recurrent layer the node's name scope names (`lstm/LSTM`, PyTorch's `/lstm/LSTM_1`). Other initializers (shapes, constants) are ignored;
 * `num_batches_tracked` may be absent. Missing or mis-shaped entries throw a StateDictError
 * listing them (missing ones only when `strict`, the default), and nothing is written then.
 */
export function importOnnxInitializers(model: AnyModule, bytes: Uint8Array, options: { readonly strict?: boolean } = {}): LoadStateDictResult {
  const { graph } = decodeOnnxModel(bytes);
  const keys = new Set(Object.keys(model.stateDict()));
  const source: Record<string, HostTensor> = {};
  for (const t of graph.initializers) if (keys.has(t.name)) source[t.name] = hostTensorOf(t);
  for (const [name, h] of Object.entries(recurrentWeights(model, graph))) if (keys.has(name) && !(name in source)) source[name] = h;
  return importHostTensors(model, source, { strict: options.strict ?? true, layout: 'pytorch' }, { optional: (k) => k.endsWith('num_batches_tracked') });
}
