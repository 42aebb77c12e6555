/** Serialise an OnnxModel to ModelProto bytes. */
import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './model-proto.js';
import { ProtoWriter } from './proto-writer.js';
import {
  ATTRIBUTE, ATTRIBUTE_TYPE, DATA_TYPE, DIMENSION, GRAPH, MODEL, NODE, OPSET_ID, SHAPE, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO,
} from './schema.js';

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  for (const d of t.dims) w.int(TENSOR.dims, d);
  w.int(TENSOR.dataType, DATA_TYPE[t.dataType]);
  w.string(TENSOR.name, t.name);
  w.bytes(TENSOR.rawData, t.raw);
}

function writeAttribute(w: ProtoWriter, a: OnnxAttribute): void {
  w.string(ATTRIBUTE.name, a.name);
  switch (a.kind) {
    case 'int':
      w.int(ATTRIBUTE.i, a.value);
      break;
    case 'float':
      w.float(ATTRIBUTE.f, a.value);
      break;
    case 'string':
      w.string(ATTRIBUTE.s, a.value);
      break;
    case 'ints':
      for (const v of a.value) w.int(ATTRIBUTE.ints, v);
      break;
    case 'floats':
      for (const v of a.value) w.float(ATTRIBUTE.floats, v);
      break;
    case 'strings':
      for (const v of a.value) w.string(ATTRIBUTE.strings, v);
      break;
    case 'tensor':
      w.message(ATTRIBUTE.t, (tw) => writeTensor(tw, a.value));
      break;
  }
  w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE[a.kind]);
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(NODE.input, i);
  for (const o of n.outputs) w.string(NODE.output, o);
  w.string(NODE.name, n.name);
  w.string(NODE.opType, n.opType);
  for (const a of n.attributes) w.message(NODE.attribute, (aw) => writeAttribute(aw, a));
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(VALUE_INFO.name, v.name);
  w.message(VALUE_INFO.type, (tw) =>
    tw.message(TYPE.tensorType, (tt) => {
      tt.int(TENSOR_TYPE.elemType, DATA_TYPE[v.dataType]);
      tt.message(TENSOR_TYPE.shape, (sw) => {
        for (const d of v.shape) {
          sw.message(SHAPE.dim, (dw) => (typeof d === 'number' ? dw.int(DIMENSION.dimValue, d) : dw.string(DIMENSION.dimParam, d)));
        }
      });
    }),
  );
}

/** The ModelProto bytes of `model` (default-domain opset import only). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(MODEL.irVersion, model.irVersion);
  w.string(MODEL.producerName, model.producerName);
  w.string(MODEL.producerVersion, model.producerVersion);
  w.message(MODEL.graph, (g) => {
    for (const n of model.graph.nodes) g.message(GRAPH.node, (nw) => writeNode(nw, n));
    g.string(GRAPH.name, model.graph.name);
    for (const t of model.graph.initializers) g.message(GRAPH.initializer, (tw) => writeTensor(tw, t));
    for (const v of model.graph.inputs) g.message(GRAPH.input, (vw) => writeValueInfo(vw, v));
    for (const v of model.graph.outputs) g.message(GRAPH.output, (vw) => writeValueInfo(vw, v));
  });
  w.message(MODEL.opsetImport, (o) => {
    o.string(OPSET_ID.domain, '');
    o.int(OPSET_ID.version, model.opsetVersion);
  });
  return w.finish();
}
