/**
 * A reference model of the ONNX subset Nabla reads, for the fuzz tests, written apart from the
 * library: a strict protobuf wire walker (varints ≤ 10 bytes, field numbers 1..2^29−1, wire types
 * 0, 1, 2, 5, lengths inside the message), then ModelProto → graph → nodes, attributes, value
 * infos and initializers, with the rules onnx.proto sets for tensors: one data field, of the
 * element type's kind, holding exactly the declared number of values.
 */
import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../../src/interop/onnx/model-proto.js';

/** Thrown for bytes the reference does not accept. */
export class RefReject extends Error {}

type Field = { no: number; wire: 0; int: bigint } | { no: number; wire: 1 | 2 | 5; bytes: Uint8Array };

function reject(why: string): never {
  throw new RefReject(why);
}

function walk(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let p = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let k = 0; k < 10; k++) {
      if (p >= buf.length) reject('truncated varint');
      const b = buf[p++];
      v += BigInt(b & 127) << BigInt(7 * k);
      if (b < 128) return BigInt.asUintN(64, v);
    }
    return reject('long varint');
  };
  const take = (n: number): Uint8Array => {
    if (n > buf.length - p) reject('past the end');
    p += n;
    return buf.slice(p - n, p);
  };
  while (p < buf.length) {
    const key = varint();
    const no = Number(key / 8n);
    const wire = Number(key % 8n);
    if (no < 1 || no > 2 ** 29 - 1) reject('field number');
    if (wire === 0) out.push({ no, wire, int: varint() });
    else if (wire === 1) out.push({ no, wire, bytes: take(8) });
    else if (wire === 5) out.push({ no, wire, bytes: take(4) });
    else if (wire === 2) {
      const n = varint();
      if (n > BigInt(buf.length)) reject('length');
      out.push({ no, wire, bytes: take(Number(n)) });
    } else reject('wire type');
  }
  return out;
}

function int(f: Field): number {
  if (f.wire !== 0) return reject('not a varint');
  const v = BigInt.asIntN(64, f.int);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) reject('not a safe integer');
  return Number(v);
}

function bytesOf(f: Field): Uint8Array {
  return f.wire === 2 ? f.bytes : reject('not length-delimited');
}

function text(f: Field): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytesOf(f));
  } catch (err) {
    if (err instanceof RefReject) throw err;
    return reject('not UTF-8');
  }
}

function float(f: Field): number {
  return f.wire === 5 ? new DataView(f.bytes.buffer).getFloat32(0, true) : reject('not fixed32');
}

/** Packed varints → signed 64-bit values. */
function packedInts(bytes: Uint8Array): bigint[] {
  // a packed run is a message of varints without keys: walk it as field 1 varints
  const out: bigint[] = [];
  let p = 0;
  while (p < bytes.length) {
    let v = 0n;
    let k = 0;
    for (;; k++) {
      if (k === 10) reject('long varint');
      if (p >= bytes.length) reject('truncated varint');
      const b = bytes[p++];
      v += BigInt(b & 127) << BigInt(7 * k);
      if (b < 128) break;
    }
    out.push(BigInt.asIntN(64, v));
  }
  return out;
}

function ints(f: Field): number[] {
  if (f.wire === 0) return [int(f)];
  return packedInts(bytesOf(f)).map((v) => int({ no: f.no, wire: 0, int: BigInt.asUintN(64, v) }));
}

function floats(f: Field): number[] {
  if (f.wire === 5) return [float(f)];
  const b = bytesOf(f);
  if (b.length % 4) reject('packed floats');
  return Array.from(new Float32Array(b.slice().buffer));
}

const TYPES: Record<number, { name: OnnxTensor['dataType']; size: number; field: number }> = {
  1: { name: 'float32', size: 4, field: 4 }, 6: { name: 'int32', size: 4, field: 5 }, 7: { name: 'int64', size: 8, field: 7 },
  9: { name: 'bool', size: 1, field: 5 }, 11: { name: 'float64', size: 8, field: 10 },
};

function elemType(code: number): OnnxTensor['dataType'] {
  return TYPES[code]?.name ?? reject('element type');
}

function tensor(body: Uint8Array): OnnxTensor {
  let name = '';
  let code = 0;
  const dims: number[] = [];
  const data: Field[] = [];
  for (const f of walk(body)) {
    if (f.no === 1) dims.push(...ints(f));
    else if (f.no === 2) code = int(f);
    else if (f.no === 8) name = text(f);
    else if ([4, 5, 7, 9, 10].includes(f.no)) data.push(f);
    else if (f.no === 13 || (f.no === 14 && f.wire === 0 && f.int === 1n)) reject('external data');
  }
  const type = TYPES[code] ?? reject('element type');
  if (dims.some((d) => d < 0)) reject('negative dim');
  const size = dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size * type.size)) reject('too large');
  const kinds = new Set(data.map((f) => f.no));
  if (kinds.size > 1) reject('two data fields');
  if (kinds.has(9)) {
    if (data.length !== 1 || data[0].wire !== 2 || data[0].bytes.length !== size * type.size) reject('raw_data');
    const bytes = (data[0] as { bytes: Uint8Array }).bytes;
    if (type.name === 'bool' && bytes.some((b) => b > 1)) reject('bool byte');
    return { name, dataType: type.name, dims, raw: bytes.slice() };
  }
  if (data.length > 0 && data[0].no !== type.field) reject('wrong typed field');
  const values: bigint[] = [];
  const fixed: Uint8Array[] = [];
  for (const f of data) {
    if (type.name === 'float32' || type.name === 'float64') {
      if (f.wire !== 2 && f.wire !== (type.name === 'float32' ? 5 : 1)) reject('wire');
      const b = (f as { bytes: Uint8Array }).bytes;
      if (b.length % type.size) reject('partial value');
      fixed.push(b);
    } else if (f.wire === 0) values.push(BigInt.asIntN(64, f.int));
    else if (f.wire === 2) values.push(...packedInts(f.bytes));
    else reject('wire');
  }
  const count = type.name === 'float32' || type.name === 'float64' ? fixed.reduce((n, b) => n + b.length / type.size, 0) : values.length;
  if (count !== size) reject('value count');
  // allocated only now: the declared size is backed by values actually present
  const raw = new Uint8Array(size * type.size);
  const view = new DataView(raw.buffer);
  let at = 0;
  for (const b of fixed) {
    raw.set(b, at);
    at += b.length;
  }
  values.forEach((v, i) => {
    if (type.name === 'int64') view.setBigInt64(8 * i, v, true);
    else if (type.name === 'int32') {
      if (v < -(2n ** 31n) || v >= 2n ** 31n) reject('int32 range');
      view.setInt32(4 * i, Number(v), true);
    } else {
      if (v !== 0n && v !== 1n) reject('bool value');
      raw[i] = Number(v);
    }
  });
  return { name, dataType: type.name, dims, raw };
}

function attribute(body: Uint8Array): OnnxAttribute {
  let name = '';
  let type = 0;
  let i = 0;
  let f = 0;
  let s = '';
  let t: OnnxTensor | undefined;
  const is: number[] = [];
  const fs: number[] = [];
  const ss: string[] = [];
  for (const x of walk(body)) {
    if (x.no === 1) name = text(x);
    else if (x.no === 20) type = int(x);
    else if (x.no === 3) i = int(x);
    else if (x.no === 2) f = float(x);
    else if (x.no === 4) s = text(x);
    else if (x.no === 5) t = tensor(bytesOf(x));
    else if (x.no === 8) is.push(...ints(x));
    else if (x.no === 7) fs.push(...floats(x));
    else if (x.no === 9) ss.push(text(x));
  }
  if (type === 1) return { name, kind: 'float', value: f };
  if (type === 2) return { name, kind: 'int', value: i };
  if (type === 3) return { name, kind: 'string', value: s };
  if (type === 4) return t ? { name, kind: 'tensor', value: t } : reject('no tensor');
  if (type === 6) return { name, kind: 'floats', value: fs };
  if (type === 7) return { name, kind: 'ints', value: is };
  if (type === 8) return { name, kind: 'strings', value: ss };
  return reject('attribute type');
}

function node(body: Uint8Array): OnnxNode {
  let name = '';
  let op = '';
  let domain = '';
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: OnnxAttribute[] = [];
  for (const f of walk(body)) {
    if (f.no === 1) inputs.push(text(f));
    else if (f.no === 2) outputs.push(text(f));
    else if (f.no === 3) name = text(f);
    else if (f.no === 4) op = text(f);
    else if (f.no === 5) attributes.push(attribute(bytesOf(f)));
    else if (f.no === 7) domain = text(f);
  }
  if (op === '') reject('no op_type');
  return { name, opType: domain !== '' && domain !== 'ai.onnx' ? `${domain}.${op}` : op, inputs, outputs, attributes };
}

function valueInfo(body: Uint8Array): OnnxValueInfo {
  let name = '';
  let dataType: OnnxTensor['dataType'] = 'float32';
  const shape: (number | string)[] = [];
  for (const f of walk(body)) {
    if (f.no === 1) name = text(f);
    if (f.no !== 2) continue;
    for (const tp of walk(bytesOf(f))) {
      if (tp.no !== 1) continue;
      for (const tt of walk(bytesOf(tp))) {
        if (tt.no === 1) dataType = elemType(int(tt));
        if (tt.no !== 2) continue;
        for (const sd of walk(bytesOf(tt))) {
          if (sd.no !== 1) continue;
          let dim: number | string = '?';
          for (const d of walk(bytesOf(sd))) {
            if (d.no === 1) dim = int(d);
            else if (d.no === 2) dim = text(d);
          }
          shape.push(dim);
        }
      }
    }
  }
  return { name, dataType, shape };
}

/** The model `bytes` hold, as the reference reads it, or a RefReject. */
export function refDecodeOnnx(bytes: Uint8Array): OnnxModel {
  let irVersion = 0;
  let opsetVersion = 0;
  let producerName = '';
  let producerVersion = '';
  let graph: OnnxModel['graph'] | undefined;
  for (const f of walk(bytes)) {
    if (f.no === 1) irVersion = int(f);
    else if (f.no === 2) producerName = text(f);
    else if (f.no === 3) producerVersion = text(f);
    else if (f.no === 7) {
      const g = { name: '', nodes: [] as OnnxNode[], initializers: [] as OnnxTensor[], inputs: [] as OnnxValueInfo[], outputs: [] as OnnxValueInfo[] };
      for (const x of walk(bytesOf(f))) {
        if (x.no === 1) g.nodes.push(node(bytesOf(x)));
        else if (x.no === 2) g.name = text(x);
        else if (x.no === 5) g.initializers.push(tensor(bytesOf(x)));
        else if (x.no === 11) g.inputs.push(valueInfo(bytesOf(x)));
        else if (x.no === 12) g.outputs.push(valueInfo(bytesOf(x)));
      }
      graph = g;
    } else if (f.no === 8) {
      let domain = '';
      let version = 0;
      for (const o of walk(bytesOf(f))) {
        if (o.no === 1) domain = text(o);
        else if (o.no === 2) version = int(o);
      }
      if (domain === '' || domain === 'ai.onnx') opsetVersion = version;
    }
  }
  if (irVersion <= 0) reject('ir_version');
  if (!graph) reject('no graph');
  return { irVersion, opsetVersion, producerName, producerVersion, graph };
}
