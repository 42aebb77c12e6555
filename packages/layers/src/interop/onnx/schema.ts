/**
 * Field numbers and enum values of ONNX's onnx.proto (proto2) for the messages Nabla reads and
 * writes, checked against the schema text of onnx/onnx.
 */

/** ModelProto fields. */
export const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, docString: 6, graph: 7, opsetImport: 8 } as const;
/** OperatorSetIdProto fields. */
export const OPSET_ID = { domain: 1, version: 2 } as const;
/** GraphProto fields. */
export const GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12 } as const;
/** NodeProto fields. */
export const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
/** AttributeProto fields. */
export const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, strings: 9, type: 20 } as const;
/** AttributeProto.AttributeType values. */
export const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;
/** TensorProto fields. */
export const TENSOR = { dims: 1, dataType: 2, floatData: 4, int32Data: 5, int64Data: 7, name: 8, rawData: 9, doubleData: 10 } as const;
/** ValueInfoProto fields. */
export const VALUE_INFO = { name: 1, type: 2 } as const;
/** TypeProto fields. */
export const TYPE = { tensorType: 1 } as const;
/** TypeProto.Tensor fields. */
export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
/** TensorShapeProto fields. */
export const SHAPE = { dim: 1 } as const;
/** TensorShapeProto.Dimension fields. */
export const DIMENSION = { dimValue: 1, dimParam: 2 } as const;

/** The element types Nabla exchanges with ONNX. */
export type OnnxDataType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';

/** TensorProto.DataType values. */
export const DATA_TYPE: Readonly<Record<OnnxDataType, number>> = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 };

/** Bytes per element of each ONNX element type (raw_data is little-endian). */
export const DATA_TYPE_BYTES: Readonly<Record<OnnxDataType, number>> = { float32: 4, int32: 4, int64: 8, bool: 1, float64: 8 };

/** The element type of a TensorProto.DataType value, or undefined for types Nabla does not read. */
export function dataTypeFromCode(code: number): OnnxDataType | undefined {
  return (Object.keys(DATA_TYPE) as OnnxDataType[]).find((k) => DATA_TYPE[k] === code);
}
