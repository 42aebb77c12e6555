/**
 * Read a safetensors file written by another framework (PyTorch's `save_file(model.state_dict())`,
 * Keras/TF exports) into host tensors in Nabla's dtypes: F16 and BF16 widen to float32, I64, I16,
 * I8 and U8 become int32 (I64 values must fit), F32, F64, I32 and BOOL are kept.
 */
import type { DType, TypedArray } from '@nabla/tensor-core';
import { CheckpointError } from '../../checkpoint/errors.js';
import type { HostTensor } from '../../checkpoint/host-tensor.js';
import { readSafetensorsHeader } from '../../checkpoint/safetensors-header.js';

const OP = 'readForeignSafetensors';

/** Bytes per element and the Nabla dtype of each safetensors dtype read here. */
const FOREIGN: Readonly<Record<string, { readonly bytes: number; readonly dtype: DType }>> = {
  F32: { bytes: 4, dtype: 'float32' }, F64: { bytes: 8, dtype: 'float64' }, F16: { bytes: 2, dtype: 'float32' },
  BF16: { bytes: 2, dtype: 'float32' }, I64: { bytes: 8, dtype: 'int32' }, I32: { bytes: 4, dtype: 'int32' },
  I16: { bytes: 2, dtype: 'int32' }, I8: { bytes: 1, dtype: 'int32' }, U8: { bytes: 1, dtype: 'int32' }, BOOL: { bytes: 1, dtype: 'bool' },
};

function fail(message: string): never {
  throw new CheckpointError(OP, message);
}

/** IEEE half precision bits → number. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** bfloat16 bits → number (the high half of a float32). */
function bfloatToNumber(h: number): number {
  scratchBits[0] = h << 16;
  return scratch[0];
}

function decode(name: string, code: string, bytes: Uint8Array, size: number): TypedArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { dtype } = FOREIGN[code];
  const out = dtype === 'float32' ? new Float32Array(size) : dtype === 'float64' ? new Float64Array(size) : dtype === 'bool' ? new Uint8Array(size) : new Int32Array(size);
  for (let i = 0; i < size; i++) {
    switch (code) {
      case 'F32': out[i] = view.getFloat32(4 * i, true); break;
      case 'F64': out[i] = view.getFloat64(8 * i, true); break;
      case 'F16': out[i] = halfToNumber(view.getUint16(2 * i, true)); break;
      case 'BF16': out[i] = bfloatToNumber(view.getUint16(2 * i, true)); break;
      case 'I64': {
        const v = view.getBigInt64(8 * i, true);
        if (v > 2147483647n || v < -2147483648n) fail(`I64 tensor '${name}' holds ${v} at element ${i}, which does not fit int32`);
        out[i] = Number(v);
        break;
      }
      case 'I32': out[i] = view.getInt32(4 * i, true); break;
      case 'I16': out[i] = view.getInt16(2 * i, true); break;
      case 'I8': out[i] = view.getInt8(i); break;
      case 'U8': out[i] = view.getUint8(i); break;
      default: {
        const b = view.getUint8(i);
        if (b > 1) fail(`BOOL tensor '${name}' holds byte ${b} at element ${i}; only 0 and 1 are valid`);
        out[i] = b;
      }
    }
  }
  return out;
}

const elementBytes = (code: string): number | undefined => (Object.hasOwn(FOREIGN, code) ? FOREIGN[code].bytes : undefined);

/**
 * Parse and validate a foreign safetensors buffer (the same layout checks as `readSafetensors`:
 * no holes, overlaps or trailing bytes in the data); tensors by name in Nabla dtypes. Throws a
 * CheckpointError naming the problem.
 */
export function readForeignSafetensors(bytes: Uint8Array): Record<string, HostTensor> {
  const { entries, dataStart } = readSafetensorsHeader(bytes, OP, elementBytes, Object.keys(FOREIGN).join(', '));
  const data = bytes.subarray(dataStart);
  return Object.fromEntries(entries.map((e) => [e.name, { dtype: FOREIGN[e.code].dtype, shape: e.shape, data: decode(e.name, e.code, data.subarray(e.begin, e.end), e.size) }]));
}
