/** Parse ModelProto bytes into an OnnxModel, validating every field Nabla relies on. */
import { OnnxFormatError } from '../errors.js';
import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './model-proto.js';
import { ProtoReader, asBytes, asFloat, asFloats, asInt, asInts, asString, type ProtoField } from './proto-reader.js';
import { isDataField, tensorData } from './tensor-data.js';
import {
  ATTRIBUTE, ATTRIBUTE_TYPE, DATA_TYPE_BYTES, DIMENSION, GRAPH, MODEL, NODE, OPSET_ID, SHAPE, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO,
  dataTypeFromCode, type OnnxDataType,
} from './schema.js';

const OP = 'readOnnx';
/** TensorProto.data_location (EXTERNAL = 1) and external_data fields. */
const TENSOR_EXTERNAL = { externalData: 13, dataLocation: 14 } as const;

function fields(bytes: Uint8Array, what: string): ProtoField[] {
  return new ProtoReader(bytes, what).fields();
}

function fail(message: string): never {
  throw new OnnxFormatError(OP, message);
}

function elementType(code: number, what: string): OnnxDataType {
  const t = dataTypeFromCode(code);
  if (!t) fail(`${what} has element type ${code}, which Nabla does not read (float32, float64, int32, int64, bool)`);
  return t;
}

function readTensor(bytes: Uint8Array, where: string): OnnxTensor {
  let name = '';
  let code = 0;
  const dims: number[] = [];
  const dataFields: ProtoField[] = [];
  for (const f of fields(bytes, where)) {
    if (f.field === TENSOR.name) name = asString(f, where);
    else if (f.field === TENSOR.dims) appendAll(dims, asInts(f, `${where} dims`));
    else if (f.field === TENSOR.dataType) code = asInt(f, where);
    else if (isDataField(f.field)) dataFields.push(f);
    else if (f.field === TENSOR_EXTERNAL.dataLocation && f.wire === 0 && f.value === 1n) {
      fail(`tensor '${name || where}' keeps its data in an external file, which Nabla does not read`);
    } else if (f.field === TENSOR_EXTERNAL.externalData) {
      fail(`tensor '${name || where}' keeps its data in an external file, which Nabla does not read`);
    }
  }
  const label = `tensor '${name || where}'`;
  const dataType = elementType(code, label);
  if (dims.some((d) => d < 0)) fail(`${label} has negative dims [${dims.join(',')}]`);
  const size = dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size * DATA_TYPE_BYTES[dataType])) fail(`${label} of type ${dataType} has dims [${dims.join(',')}], too large to hold`);
  return { name, dataType, dims, raw: tensorData(dataType, size, dataFields, `${label} with dims [${dims.join(',')}]`) };
}

/** Append `values` to `out` one by one (a spread into push overflows the call stack for large arrays). */
function appendAll<T>(out: T[], values: readonly T[]): void {
  for (const v of values) out.push(v);
}

function readAttribute(bytes: Uint8Array, where: string): OnnxAttribute {
  let name = '';
  let type = 0;
  let i = 0;
  let fl = 0;
  let s = '';
  let t: OnnxTensor | undefined;
  const ints: number[] = [];
  const floats: number[] = [];
  const strings: string[] = [];
  for (const f of fields(bytes, where)) {
    if (f.field === ATTRIBUTE.name) name = asString(f, where);
    else if (f.field === ATTRIBUTE.type) type = asInt(f, where);
    else if (f.field === ATTRIBUTE.i) i = asInt(f, where);
    else if (f.field === ATTRIBUTE.f) fl = asFloat(f, where);
    else if (f.field === ATTRIBUTE.s) s = asString(f, where);
    else if (f.field === ATTRIBUTE.t) t = readTensor(asBytes(f, where), `${where} tensor`);
    else if (f.field === ATTRIBUTE.ints) appendAll(ints, asInts(f, where));
    else if (f.field === ATTRIBUTE.floats) appendAll(floats, asFloats(f, where));
    else if (f.field === ATTRIBUTE.strings) strings.push(asString(f, where));
  }
  switch (type) {
    case ATTRIBUTE_TYPE.int: return { name, kind: 'int', value: i };
    case ATTRIBUTE_TYPE.float: return { name, kind: 'float', value: fl };
    case ATTRIBUTE_TYPE.string: return { name, kind: 'string', value: s };
    case ATTRIBUTE_TYPE.ints: return { name, kind: 'ints', value: ints };
    case ATTRIBUTE_TYPE.floats: return { name, kind: 'floats', value: floats };
    case ATTRIBUTE_TYPE.strings: return { name, kind: 'strings', value: strings };
    case ATTRIBUTE_TYPE.tensor:
      if (!t) fail(`attribute '${name}' of ${where} is a tensor attribute without a tensor`);
      return { name, kind: 'tensor', value: t };
    default:
      return fail(`attribute '${name}' of ${where} has type ${type}, which Nabla does not read`);
  }
}

function readNode(bytes: Uint8Array, index: number): OnnxNode {
  const where = `node ${index}`;
  let name = '';
  let opType = '';
  let domain = '';
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: OnnxAttribute[] = [];
  for (const f of fields(bytes, where)) {
    if (f.field === NODE.name) name = asString(f, where);
    else if (f.field === NODE.opType) opType = asString(f, where);
    else if (f.field === NODE.domain) domain = asString(f, where);
    else if (f.field === NODE.input) inputs.push(asString(f, where));
    else if (f.field === NODE.output) outputs.push(asString(f, where));
    else if (f.field === NODE.attribute) attributes.push(readAttribute(asBytes(f, where), `${where} (${opType || '?'})`));
  }
  if (!opType) fail(`${where} has no op_type`);
  return { name, opType: domain && domain !== 'ai.onnx' ? `${domain}.${opType}` : opType, inputs, outputs, attributes };
}

function readValueInfo(bytes: Uint8Array, where: string): OnnxValueInfo {
  let name = '';
  let dataType: OnnxDataType = 'float32';
  const shape: (number | string)[] = [];
  for (const f of fields(bytes, where)) {
    if (f.field === VALUE_INFO.name) name = asString(f, where);
    else if (f.field === VALUE_INFO.type) {
      for (const tf of fields(asBytes(f, where), where)) {
        if (tf.field !== TYPE.tensorType) continue;
        for (const tt of fields(asBytes(tf, where), where)) {
          if (tt.field === TENSOR_TYPE.elemType) dataType = elementType(asInt(tt, where), `${where} '${name}'`);
          else if (tt.field === TENSOR_TYPE.shape) {
            for (const sf of fields(asBytes(tt, where), where)) {
              if (sf.field !== SHAPE.dim) continue;
              let dim: number | string = '?';
              for (const df of fields(asBytes(sf, where), where)) {
                if (df.field === DIMENSION.dimValue) dim = asInt(df, where);
                else if (df.field === DIMENSION.dimParam) dim = asString(df, where);
              }
              shape.push(dim);
            }
          }
        }
      }
    }
  }
  return { name, dataType, shape };
}

function readGraph(bytes: Uint8Array): OnnxGraph {
  let name = '';
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  for (const f of fields(bytes, 'graph')) {
    if (f.field === GRAPH.name) name = asString(f, 'graph');
    else if (f.field === GRAPH.node) nodes.push(readNode(asBytes(f, 'graph'), nodes.length));
    else if (f.field === GRAPH.initializer) initializers.push(readTensor(asBytes(f, 'graph'), `initializer ${initializers.length}`));
    else if (f.field === GRAPH.input) inputs.push(readValueInfo(asBytes(f, 'graph'), `input ${inputs.length}`));
    else if (f.field === GRAPH.output) outputs.push(readValueInfo(asBytes(f, 'graph'), `output ${outputs.length}`));
  }
  return { name, nodes, initializers, inputs, outputs };
}

/** Parse a serialised ONNX ModelProto; throws an OnnxFormatError naming the first problem. */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  let irVersion = 0;
  let opsetVersion = 0;
  let producerName = '';
  let producerVersion = '';
  let graph: OnnxGraph | undefined;
  // a plain Uint8Array view, so that copies of fields are Uint8Arrays even when given a Node Buffer
  const plain = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const f of fields(plain, 'model')) {
    if (f.field === MODEL.irVersion) irVersion = asInt(f, 'model ir_version');
    else if (f.field === MODEL.producerName) producerName = asString(f, 'model producer_name');
    else if (f.field === MODEL.producerVersion) producerVersion = asString(f, 'model producer_version');
    else if (f.field === MODEL.graph) graph = readGraph(asBytes(f, 'model graph'));
    else if (f.field === MODEL.opsetImport) {
      let domain = '';
      let version = 0;
      for (const o of fields(asBytes(f, 'opset_import'), 'opset_import')) {
        if (o.field === OPSET_ID.domain) domain = asString(o, 'opset_import domain');
        else if (o.field === OPSET_ID.version) version = asInt(o, 'opset_import version');
      }
      if (domain === '' || domain === 'ai.onnx') opsetVersion = version;
    }
  }
  if (irVersion <= 0) fail('no ir_version: not an ONNX model');
  if (!graph) fail('no graph: not an ONNX model');
  return { irVersion, opsetVersion, producerName, producerVersion, graph };
}
