/** Little-endian raw_data bytes for ONNX tensors, from Nabla tensors and plain numbers. */
import type { DType, Tensor } from '@nabla/tensor-core';
import { OnnxExportError } from '../errors.js';
import type { OnnxDataType } from './schema.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function assertLittleEndian(op: string): void {
  if (!LITTLE_ENDIAN) throw new OnnxExportError(op, 'ONNX raw_data is little-endian and this host is big-endian');
}

/** A tensor's dtype as an ONNX element type (Nabla's four dtypes all exist in ONNX). */
export function onnxTypeOf(dtype: DType): OnnxDataType {
  return dtype;
}

/** A copy of the tensor's values as raw_data bytes (read synchronously from its backend): [...] → bytes. */
export function rawOf(t: Tensor): Uint8Array {
  assertLittleEndian('exportOnnx');
  const data = t.dataSync();
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** int64 raw_data of `values` (shapes, axes, pads). */
export function int64Raw(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v), true));
  return bytes;
}

/** raw_data of one number of the given element type. */
export function scalarRaw(value: number, dataType: OnnxDataType): Uint8Array {
  const bytes = new Uint8Array(dataType === 'float64' || dataType === 'int64' ? 8 : dataType === 'bool' ? 1 : 4);
  const view = new DataView(bytes.buffer);
  if (dataType === 'float32') view.setFloat32(0, value, true);
  else if (dataType === 'float64') view.setFloat64(0, value, true);
  else if (dataType === 'int32') view.setInt32(0, value, true);
  else if (dataType === 'int64') view.setBigInt64(0, BigInt(value), true);
  else view.setUint8(0, value ? 1 : 0);
  return bytes;
}
