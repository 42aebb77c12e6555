/**
 * Fuzz: decodeOnnxModel against the reference model of the ONNX subset, on generated models
 * (initializers in raw_data or in packed/unpacked typed fields, nodes with every attribute kind,
 * value infos, unknown fields), on models with one rule broken per tensor, and on byte edits.
 * Every input decodes to the reference's model or is refused by both, the decoder with an
 * OnnxFormatError; no other exception escapes.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { OnnxFormatError, decodeOnnxModel } from '../../src/interop/index.js';
import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../../src/interop/onnx/model-proto.js';
import { bigDelimited, concat, intField, key, packedFloats, packedVarints, stringField } from '../interop/test-proto.js';
import { RANDOM_SEED, fuzz, byteMutation, mutateBytes } from '@nabla/test-kit/fuzz';
import { RefReject, refDecodeOnnx } from './onnx-reference.js';

// bounded by the number of runs, not by time; a loaded CI machine may need the room
vi.setConfig({ testTimeout: 120_000 });

type DataType = OnnxTensor['dataType'];
const CODE: Record<DataType, number> = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 };
const SIZE: Record<DataType, number> = { float32: 4, int32: 4, int64: 8, bool: 1, float64: 8 };
const FIELD: Record<DataType, number> = { float32: 4, int32: 5, int64: 7, bool: 5, float64: 10 };
/** Ways to break one rule of a TensorProto. */
const TWEAKS = ['none', 'wrongField', 'extraRaw', 'dropValue', 'outOfRange', 'negativeDim', 'unknownType', 'external', 'rawTwice'] as const;

interface TensorSpec {
  readonly name: string;
  readonly dataType: DataType;
  readonly dims: number[];
  readonly values: (number | bigint)[];
  readonly encoding: 'raw' | 'packed' | 'unpacked';
  readonly tweak: (typeof TWEAKS)[number];
}

function valuesFor(dataType: DataType, n: number): fc.Arbitrary<(number | bigint)[]> {
  const one: fc.Arbitrary<number | bigint> = dataType === 'float32' ? fc.float()
    : dataType === 'float64' ? fc.double()
      : dataType === 'int32' ? fc.integer()
        : dataType === 'int64' ? fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
          : fc.constantFrom(0, 1);
  return fc.array(one, { minLength: n, maxLength: n });
}

const tensorSpec = (tweaks: boolean): fc.Arbitrary<TensorSpec> => fc.record({
  name: fc.string({ maxLength: 5 }),
  dataType: fc.constantFrom<DataType>('float32', 'int32', 'int64', 'bool', 'float64'),
  dims: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  encoding: fc.constantFrom('raw' as const, 'packed' as const, 'unpacked' as const),
  tweak: tweaks ? fc.constantFrom(...TWEAKS) : fc.constant('none' as const),
}).chain((t) => valuesFor(t.dataType, t.dims.reduce((a, b) => a * b, 1)).map((values) => ({ ...t, values })));

function rawOf(dataType: DataType, values: readonly (number | bigint)[]): Uint8Array {
  const raw = new Uint8Array(values.length * SIZE[dataType]);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => {
    if (dataType === 'float32') view.setFloat32(4 * i, Number(v), true);
    else if (dataType === 'float64') view.setFloat64(8 * i, Number(v), true);
    else if (dataType === 'int32') view.setInt32(4 * i, Number(v), true);
    else if (dataType === 'int64') view.setBigInt64(8 * i, BigInt(v), true);
    else raw[i] = Number(v);
  });
  return raw;
}

function dataFields(t: TensorSpec, values: readonly (number | bigint)[]): ArrayLike<number>[] {
  const field = t.tweak === 'wrongField' ? (t.dataType === 'int64' ? 4 : 7) : FIELD[t.dataType];
  if (t.encoding === 'raw') return [bigDelimited(9, rawOf(t.dataType, values))];
  if (t.dataType === 'float32' || t.dataType === 'float64') {
    const bytes = rawOf(t.dataType, values);
    if (t.encoding === 'packed') return [bigDelimited(field, bytes)];
    const width = SIZE[t.dataType];
    return values.map((_, i) => concat([key(field, width === 4 ? 5 : 1), bytes.subarray(width * i, width * (i + 1))]));
  }
  if (t.encoding === 'packed') return [bigDelimited(field, packedVarints(values))];
  return values.map((v) => intField(field, v));
}

function encodeTensor(t: TensorSpec): Uint8Array {
  let values = t.values;
  if (t.tweak === 'dropValue') values = values.slice(1);
  if (t.tweak === 'outOfRange') values = [t.dataType === 'int32' ? 2 ** 31 : t.dataType === 'bool' ? 2 : 0, ...values.slice(1)];
  const dims = t.tweak === 'negativeDim' ? [...t.dims, -1] : t.dims;
  const extra = t.tweak === 'extraRaw' ? [bigDelimited(9, new Uint8Array(0))]
    : t.tweak === 'external' ? [intField(14, 1)]
      : t.tweak === 'rawTwice' ? [bigDelimited(9, rawOf(t.dataType, values))] : [];
  return concat([
    ...dims.map((d) => intField(1, d)),
    intField(2, t.tweak === 'unknownType' ? 2 : CODE[t.dataType]),
    stringField(8, t.name),
    ...dataFields(t, values),
    ...extra,
  ]);
}

function expectedTensor(t: TensorSpec): OnnxTensor {
  return { name: t.name, dataType: t.dataType, dims: t.dims, raw: rawOf(t.dataType, t.values) };
}

const attributeSpec: fc.Arbitrary<OnnxAttribute> = fc.oneof(
  fc.record({ name: fc.string({ maxLength: 4 }), kind: fc.constant('int' as const), value: fc.maxSafeInteger() }),
  fc.record({ name: fc.string({ maxLength: 4 }), kind: fc.constant('float' as const), value: fc.float() }),
  fc.record({ name: fc.string({ maxLength: 4 }), kind: fc.constant('string' as const), value: fc.string({ maxLength: 4 }) }),
  fc.record({ name: fc.string({ maxLength: 4 }), kind: fc.constant('ints' as const), value: fc.array(fc.maxSafeInteger(), { maxLength: 4 }) }),
  fc.record({ name: fc.string({ maxLength: 4 }), kind: fc.constant('floats' as const), value: fc.array(fc.float(), { maxLength: 4 }) }),
  fc.record({ name: fc.string({ maxLength: 4 }), kind: fc.constant('strings' as const), value: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }) }),
  fc.record({ name: fc.string({ maxLength: 4 }), kind: fc.constant('tensor' as const), value: tensorSpec(false).map(expectedTensor) }),
);

const ATTRIBUTE_TYPE: Record<OnnxAttribute['kind'], number> = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 };

function encodeAttribute(a: OnnxAttribute): Uint8Array {
  const parts: ArrayLike<number>[] = [stringField(1, a.name), intField(20, ATTRIBUTE_TYPE[a.kind])];
  if (a.kind === 'int') parts.push(intField(3, a.value));
  else if (a.kind === 'float') parts.push(concat([key(2, 5), packedFloats([a.value])]));
  else if (a.kind === 'string') parts.push(stringField(4, a.value));
  else if (a.kind === 'ints') parts.push(bigDelimited(8, packedVarints(a.value)));
  else if (a.kind === 'floats') parts.push(bigDelimited(7, packedFloats(a.value)));
  else if (a.kind === 'strings') parts.push(...a.value.map((s) => stringField(9, s)));
  else parts.push(bigDelimited(5, concat([...a.value.dims.map((d) => intField(1, d)), intField(2, CODE[a.value.dataType]), stringField(8, a.value.name), bigDelimited(9, a.value.raw)])));
  return concat(parts);
}

const nodeSpec = fc.record({
  name: fc.string({ maxLength: 4 }),
  op: fc.constantFrom('Gemm', 'Relu', 'Conv', 'LSTM'),
  domain: fc.constantFrom('', 'ai.onnx', 'com.example'),
  inputs: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  outputs: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  attributes: fc.array(attributeSpec, { maxLength: 3 }),
});

function encodeNode(n: typeof nodeSpec extends fc.Arbitrary<infer T> ? T : never): Uint8Array {
  return concat([
    ...n.inputs.map((s) => stringField(1, s)), ...n.outputs.map((s) => stringField(2, s)), stringField(3, n.name), stringField(4, n.op),
    ...(n.domain ? [stringField(7, n.domain)] : []), ...n.attributes.map((a) => bigDelimited(5, encodeAttribute(a))),
  ]);
}

const valueInfoSpec: fc.Arbitrary<OnnxValueInfo> = fc.record({
  name: fc.string({ maxLength: 4 }),
  dataType: fc.constantFrom<DataType>('float32', 'int32', 'int64', 'bool', 'float64'),
  shape: fc.array(fc.oneof(fc.nat(64), fc.string({ maxLength: 3 })), { maxLength: 3 }),
});

function encodeValueInfo(v: OnnxValueInfo): Uint8Array {
  const dims = v.shape.map((d) => bigDelimited(1, typeof d === 'number' ? Uint8Array.from(intField(1, d)) : Uint8Array.from(stringField(2, d))));
  const tensorType = concat([intField(1, CODE[v.dataType]), bigDelimited(2, concat(dims))]);
  return concat([stringField(1, v.name), bigDelimited(2, bigDelimited(1, tensorType))]);
}

const modelSpec = (tweaks: boolean) => fc.record({
  ir: fc.integer({ min: 1, max: 10 }),
  opsets: fc.array(fc.tuple(fc.constantFrom('', 'ai.onnx', 'com.example'), fc.integer({ min: 1, max: 21 })), { maxLength: 2 }),
  producer: fc.tuple(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 })),
  graphName: fc.string({ maxLength: 4 }),
  nodes: fc.array(nodeSpec, { maxLength: 3 }),
  initializers: fc.array(tensorSpec(tweaks), { maxLength: 3 }),
  inputs: fc.array(valueInfoSpec, { maxLength: 2 }),
  outputs: fc.array(valueInfoSpec, { maxLength: 2 }),
  docString: fc.option(fc.string({ maxLength: 6 })),
});

type ModelSpec = typeof modelSpec extends (t: boolean) => fc.Arbitrary<infer T> ? T : never;

function encodeModel(m: ModelSpec): Uint8Array {
  const graph = concat([
    ...m.nodes.map((n) => bigDelimited(1, encodeNode(n))), stringField(2, m.graphName),
    ...m.initializers.map((t) => bigDelimited(5, encodeTensor(t))),
    ...m.inputs.map((v) => bigDelimited(11, encodeValueInfo(v))), ...m.outputs.map((v) => bigDelimited(12, encodeValueInfo(v))),
    ...(m.docString !== null ? [stringField(10, m.docString)] : []),
  ]);
  return concat([
    intField(1, m.ir), stringField(2, m.producer[0]), stringField(3, m.producer[1]),
    ...(m.docString !== null ? [stringField(6, m.docString)] : []),
    ...m.opsets.map(([domain, version]) => bigDelimited(8, concat([stringField(1, domain), intField(2, version)]))),
    bigDelimited(7, graph),
  ]);
}

function expectedModel(m: ModelSpec): OnnxModel {
  let opsetVersion = 0;
  for (const [domain, version] of m.opsets) if (domain === '' || domain === 'ai.onnx') opsetVersion = version;
  const nodes: OnnxNode[] = m.nodes.map((n) => ({
    name: n.name, opType: n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.op}` : n.op, inputs: n.inputs, outputs: n.outputs, attributes: n.attributes,
  }));
  return {
    irVersion: m.ir, opsetVersion, producerName: m.producer[0], producerVersion: m.producer[1],
    graph: { name: m.graphName, nodes, initializers: m.initializers.map(expectedTensor), inputs: m.inputs, outputs: m.outputs },
  };
}

function agree(bytes: Uint8Array): 'read' | 'refused' {
  let reference: OnnxModel | undefined;
  try {
    reference = refDecodeOnnx(bytes);
  } catch (err) {
    if (!(err instanceof RefReject)) throw err;
  }
  let got: OnnxModel | undefined;
  try {
    got = decodeOnnxModel(bytes);
  } catch (err) {
    if (!(err instanceof OnnxFormatError)) throw new Error(`not an OnnxFormatError: ${String(err)}`, { cause: err });
  }
  if (reference === undefined) {
    expect(got, 'the reference refuses this input but the decoder accepted it').toBeUndefined();
    return 'refused';
  }
  expect(got, 'the reference reads this input but the decoder refused it').toBeDefined();
  expect(got).toEqual(reference);
  return 'read';
}

describe(`decodeOnnxModel fuzz (random seed ${RANDOM_SEED})`, () => {
  it('decodes every generated model as generated, and as the reference does', () => {
    fuzz(fc.property(modelSpec(false), (m) => {
      const bytes = encodeModel(m);
      expect(agree(bytes)).toBe('read');
      expect(decodeOnnxModel(bytes)).toEqual(expectedModel(m));
    }), 150);
  });

  it('agrees with the reference on models with a TensorProto rule broken', () => {
    const outcomes = { read: 0, refused: 0 };
    fuzz(fc.property(modelSpec(true), (m) => {
      outcomes[agree(encodeModel(m))]++;
    }), 250);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('agrees with the reference on byte edits', () => {
    const outcomes = { read: 0, refused: 0 };
    fuzz(fc.property(modelSpec(false), fc.array(byteMutation, { minLength: 1, maxLength: 3 }), (m, edits) => {
      outcomes[agree(mutateBytes(encodeModel(m), edits))]++;
    }), 400);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
