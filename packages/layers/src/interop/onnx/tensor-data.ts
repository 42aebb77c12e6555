/**
 * The values of a TensorProto as little-endian raw bytes, from raw_data or from the typed repeated
 * field its element type uses (float_data, int32_data, int64_data, double_data), packed or not.
 * Values are decoded straight into the output bytes: no intermediate arrays, no argument spreads,
 * so tensors of any size decode; the output is sized from the data actually present, never from
 * the declared dims alone.
 */
import { OnnxFormatError } from '../errors.js';
import { WIRE } from './proto-writer.js';
import type { ProtoField } from './proto-reader.js';
import { DATA_TYPE_BYTES, TENSOR, type OnnxDataType } from './schema.js';

const OP = 'readOnnx';

/** The only typed field each element type may use (onnx.proto: TensorProto). */
const TYPED_FIELD: Readonly<Record<OnnxDataType, number>> = {
  float32: TENSOR.floatData, int32: TENSOR.int32Data, bool: TENSOR.int32Data, int64: TENSOR.int64Data, float64: TENSOR.doubleData,
};

const FIELD_NAME: Readonly<Record<number, string>> = {
  [TENSOR.floatData]: 'float_data', [TENSOR.int32Data]: 'int32_data', [TENSOR.int64Data]: 'int64_data',
  [TENSOR.doubleData]: 'double_data', [TENSOR.rawData]: 'raw_data',
};

/** True for the TensorProto fields that carry values. */
export function isDataField(field: number): boolean {
  return field in FIELD_NAME;
}

function fail(label: string, message: string): never {
  throw new OnnxFormatError(OP, `${label}: ${message}`);
}

/** Number of varints in a packed run (bytes without the continuation bit); checks the run ends on a complete varint. */
function countVarints(bytes: Uint8Array, label: string): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] & 0x80) === 0) n++;
  if (bytes.length > 0 && (bytes[bytes.length - 1] & 0x80) !== 0) fail(label, 'packed varints end in the middle of a varint');
  return n;
}

/** Elements one data field holds. */
function elementsIn(f: ProtoField, fixedBytes: number, label: string): number {
  if (f.wire === WIRE.varint) return 1;
  if (f.wire === WIRE.fixed32 || f.wire === WIRE.fixed64) {
    if (f.value.length !== fixedBytes) fail(label, `${FIELD_NAME[f.field]} value of ${f.value.length} bytes, expected ${fixedBytes}`);
    return 1;
  }
  if (fixedBytes === 0) return countVarints(f.value, label);
  if (f.value.length % fixedBytes !== 0) fail(label, `packed ${FIELD_NAME[f.field]} of ${f.value.length} bytes is not a multiple of ${fixedBytes}`);
  return f.value.length / fixedBytes;
}

/** The wire types a typed field may arrive in: packed (delimited) or one value per field. */
function checkWire(f: ProtoField, dataType: OnnxDataType, label: string): void {
  const single = dataType === 'float32' ? WIRE.fixed32 : dataType === 'float64' ? WIRE.fixed64 : WIRE.varint;
  if (f.wire !== single && f.wire !== WIRE.delimited) fail(label, `${FIELD_NAME[f.field]} has wire type ${f.wire}`);
}

/** The signed 64-bit value of two's-complement halves (for messages only). */
function int64Of(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

/**
 * Stores one integer element of an int32, bool or int64 tensor, given as the low and high
 * unsigned 32-bit halves of its 64-bit value, checking it fits the element type.
 */
function writeInteger(view: DataView, index: number, dataType: OnnxDataType, lo: number, hi: number, label: string): void {
  if (dataType === 'int64') {
    view.setUint32(8 * index, lo, true);
    view.setUint32(8 * index + 4, hi, true);
  } else if (dataType === 'int32') {
    const fits = (hi === 0 && lo <= 0x7fffffff) || (hi === 0xffffffff && lo >= 0x80000000);
    if (!fits) fail(label, `int32_data value ${int64Of(lo, hi)} at element ${index} does not fit int32`);
    view.setInt32(4 * index, lo | 0, true);
  } else {
    if (hi !== 0 || lo > 1) fail(label, `bool value ${int64Of(lo, hi)} at element ${index}; only 0 and 1 are valid`);
    view.setUint8(index, lo);
  }
}

/** Writes a packed run of varints as integer elements from `start`; returns the next index. */
function writePackedVarints(bytes: Uint8Array, view: DataView, start: number, dataType: OnnxDataType, label: string): number {
  let index = start;
  let pos = 0;
  while (pos < bytes.length) {
    // 7 bits per byte into two 32-bit halves (bits past 64 are dropped, as protobuf does)
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length) fail(label, 'truncated varint');
      if (shift === 70) fail(label, 'varint longer than 10 bytes');
      const b = bytes[pos++];
      const bits = b & 0x7f;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (shift - 32);
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    writeInteger(view, index, dataType, lo >>> 0, hi >>> 0, label);
    index++;
  }
  return index;
}

/**
 * Raw little-endian bytes of a tensor of `dataType` with `size` elements (declared by its dims)
 * from its data fields. Exactly one kind of data may be present: raw_data or the element type's
 * typed field; its element count must equal `size`.
 */
export function tensorData(dataType: OnnxDataType, size: number, dataFields: readonly ProtoField[], label: string): Uint8Array {
  const elementBytes = DATA_TYPE_BYTES[dataType];
  const kinds = new Set(dataFields.map((f) => f.field));
  if (kinds.size > 1) fail(label, `holds both ${[...kinds].map((k) => FIELD_NAME[k]).join(' and ')}; a tensor keeps its values in one field`);
  const field = dataFields[0]?.field;
  if (field === TENSOR.rawData) {
    if (dataFields.length > 1) fail(label, 'has raw_data more than once');
    const raw = dataFields[0];
    if (raw.wire !== WIRE.delimited) fail(label, `raw_data has wire type ${raw.wire}`);
    if (raw.value.length !== size * elementBytes) fail(label, `of type ${dataType} needs ${size * elementBytes} bytes, raw_data has ${raw.value.length}`);
    const bad = dataType === 'bool' ? raw.value.findIndex((b) => b > 1) : -1;
    if (bad >= 0) fail(label, `bool raw_data holds byte ${raw.value[bad]} at element ${bad}; only 0 and 1 are valid`);
    return raw.value.slice();
  }
  if (field !== undefined && field !== TYPED_FIELD[dataType]) fail(label, `of type ${dataType} keeps its values in ${FIELD_NAME[field]}, which holds other types`);
  const fixedBytes = dataType === 'float32' || dataType === 'float64' ? elementBytes : 0;
  let count = 0;
  for (const f of dataFields) {
    checkWire(f, dataType, label);
    count += elementsIn(f, fixedBytes, label);
  }
  if (count !== size) fail(label, `of type ${dataType} needs ${size} values, ${field === undefined ? 'has no data' : `${FIELD_NAME[field]} holds ${count}`}`);
  const out = new Uint8Array(size * elementBytes);
  const view = new DataView(out.buffer);
  let index = 0;
  for (const f of dataFields) {
    if (f.wire === WIRE.varint) {
      writeInteger(view, index++, dataType, Number(f.value & 0xffffffffn), Number((f.value >> 32n) & 0xffffffffn), label);
    } else if (fixedBytes !== 0) {
      out.set(f.value, index * elementBytes);
      index += f.value.length / elementBytes;
    } else {
      index = writePackedVarints(f.value, view, index, dataType, label);
    }
  }
  return out;
}
