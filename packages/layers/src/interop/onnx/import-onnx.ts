/** Load the initializers of an ONNX model into a Nabla model with the same state-dict names. */
import type { HostTensor } from '../../checkpoint/host-tensor.js';
import type { AnyModule, LoadStateDictResult } from '../../module/module.js';
import { OnnxFormatError } from '../errors.js';
import { importHostTensors } from '../state-dict/import-state-dict.js';
import { decodeOnnxModel } from './decode-model.js';
import type { OnnxTensor } from './model-proto.js';

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

/**
 * Copy every ONNX initializer whose name is one of `model`'s state-dict keys (`0.weight`,
 * `lstm.weight_ih_l0`: what `exportOnnx` writes, and what PyTorch writes for parameters it
 * keeps unfolded) into the model. Other initializers (shapes, constants) are ignored;
 * `num_batches_tracked` may be absent. Missing or mis-shaped entries throw a StateDictError
 * listing them (missing ones only when `strict`, the default), and nothing is written then.
 */
export function importOnnxInitializers(model: AnyModule, bytes: Uint8Array, options: { readonly strict?: boolean } = {}): LoadStateDictResult {
  const { graph } = decodeOnnxModel(bytes);
  const keys = new Set(Object.keys(model.stateDict()));
  const source: Record<string, HostTensor> = {};
  for (const t of graph.initializers) if (keys.has(t.name)) source[t.name] = hostTensorOf(t);
  return importHostTensors(model, source, { strict: options.strict ?? true, layout: 'pytorch' }, { optional: (k) => k.endsWith('num_batches_tracked') });
}
