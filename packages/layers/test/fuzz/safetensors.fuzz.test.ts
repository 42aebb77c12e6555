/**
 * Fuzz: both safetensors readers against the reference model, on valid files and on byte- and
 * header-level mutations of them. Every input is read exactly as the reference reads it, or
 * refused by both with a CheckpointError; no other exception escapes.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CheckpointError, readSafetensors, type HostTensor } from '../../src/checkpoint/index.js';
import { readForeignSafetensors } from '../../src/interop/index.js';
import { RANDOM_SEED, fuzz, byteMutation, mutateBytes, mutateText, textMutation } from '@nabla/test-kit/fuzz';
import { FOREIGN_DTYPES, STRICT_DTYPES, refReadSafetensors, type RefDtypes, type RefTensor } from './safetensors-reference.js';
import { RefReject } from './strict-json-reference.js';

// bounded by the number of runs, not by time; a loaded CI machine may need the room
vi.setConfig({ testTimeout: 120_000 });

interface TensorSpec {
  readonly name: string;
  readonly code: string;
  readonly shape: number[];
  readonly data: Uint8Array;
}

interface FileSpec {
  readonly tensors: TensorSpec[];
  readonly metadata: [string, string][] | null;
  readonly metadataFirst: boolean;
  readonly keyOrder: number[];
  readonly dataOrder: number[];
  readonly escapeAll: boolean;
  readonly space: string;
  readonly padding: number;
}

function tensorSpec(codes: RefDtypes): fc.Arbitrary<TensorSpec> {
  return fc.record({
    name: fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('w', 'layer.0.weight', '__proto__', 'toString', 'é', '😀')),
    code: fc.constantFrom(...Object.keys(codes)),
    shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  }).filter((t) => t.name !== '__metadata__').chain((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    return fc.uint8Array({ minLength: size * codes[t.code].bytes, maxLength: size * codes[t.code].bytes }).map((data) => {
      if (t.code === 'BOOL') data = data.map((b) => b & 1);
      if (t.code === 'I64') for (let i = 0; i < data.length; i += 8) data.fill(data[i + 3] & 0x80 ? 0xff : 0, i + 4, i + 8);
      return { ...t, data };
    });
  });
}

function fileSpec(codes: RefDtypes): fc.Arbitrary<FileSpec> {
  return fc.uniqueArray(tensorSpec(codes), { selector: (t) => t.name, maxLength: 4 }).chain((tensors) => {
    const order = tensors.map((_, i) => i);
    return fc.record({
      tensors: fc.constant(tensors),
      metadata: fc.option(fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 })), { maxLength: 3 }).map((kv) => [...new Map(kv)])),
      metadataFirst: fc.boolean(),
      keyOrder: fc.shuffledSubarray(order, { minLength: order.length, maxLength: order.length }),
      dataOrder: fc.shuffledSubarray(order, { minLength: order.length, maxLength: order.length }),
      escapeAll: fc.boolean(),
      space: fc.constantFrom('', ' ', '\n  ', '\t'),
      padding: fc.integer({ min: 0, max: 8 }),
    });
  });
}

function jsonString(s: string, escapeAll: boolean): string {
  if (!escapeAll) return JSON.stringify(s);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f && s[i] !== '"' && s[i] !== '\\' ? s[i] : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** The header text and data section a spec describes. */
function layout(spec: FileSpec): { header: string; data: Uint8Array } {
  const offsets = new Map<number, [number, number]>();
  let at = 0;
  for (const i of spec.dataOrder) {
    offsets.set(i, [at, at + spec.tensors[i].data.length]);
    at += spec.tensors[i].data.length;
  }
  const s = spec.space;
  const q = (x: string) => jsonString(x, spec.escapeAll);
  const entries = spec.keyOrder.map((i) => {
    const t = spec.tensors[i];
    const [b, e] = offsets.get(i) ?? [0, 0];
    return `${q(t.name)}:${s}{${q('dtype')}:${s}${q(t.code)},${s}${q('shape')}:${s}[${t.shape.join(`,${s}`)}],${s}${q('data_offsets')}:[${b},${s}${e}]}`;
  });
  if (spec.metadata) {
    const meta = `${q('__metadata__')}:{${spec.metadata.map(([k, v]) => `${q(k)}:${q(v)}`).join(',')}}`;
    if (spec.metadataFirst) entries.unshift(meta);
    else entries.push(meta);
  }
  const data = new Uint8Array(at);
  for (const i of spec.dataOrder) data.set(spec.tensors[i].data, (offsets.get(i) ?? [0])[0]);
  return { header: `{${s}${entries.join(`,${s}`)}${s}}${' '.repeat(spec.padding)}`, data };
}

function assemble(header: string, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

type Reader = (bytes: Uint8Array) => { tensors: Record<string, HostTensor>; metadata?: Record<string, string> };

/** The reader's result must equal the reference's, or both must refuse (the reader with a CheckpointError). */
function agree(bytes: Uint8Array, read: Reader, dtypes: RefDtypes): 'read' | 'refused' {
  let reference: { tensors: Map<string, RefTensor>; metadata: Map<string, string> } | undefined;
  try {
    reference = refReadSafetensors(bytes, dtypes);
  } catch (err) {
    if (!(err instanceof RefReject)) throw err;
  }
  let got: ReturnType<Reader> | undefined;
  try {
    got = read(bytes);
  } catch (err) {
    if (!(err instanceof CheckpointError)) throw new Error(`not a CheckpointError: ${String(err)}`, { cause: err });
  }
  if (reference === undefined) {
    expect(got, 'the reference refuses this input but the reader accepted it').toBeUndefined();
    return 'refused';
  }
  expect(got, 'the reference reads this input but the reader refused it').toBeDefined();
  const tensors = got?.tensors ?? {};
  // (compared as sets: objects list integer-like keys first, whatever the header order)
  expect(Object.keys(tensors).sort()).toEqual([...reference.tensors.keys()].sort());
  for (const [name, want] of reference.tensors) {
    const t = tensors[name];
    expect([t.dtype, [...t.shape]], name).toEqual([want.dtype, want.shape]);
    expect(Array.from(t.data).every((v, i) => Object.is(v, want.values[i])) && t.data.length === want.values.length, `values of '${name}'`).toBe(true);
  }
  if (got?.metadata) expect(got.metadata).toEqual(Object.fromEntries(reference.metadata));
  return 'read';
}

const readers: [string, Reader, RefDtypes][] = [
  ['readSafetensors', readSafetensors, STRICT_DTYPES],
  ['readForeignSafetensors', (b) => ({ tensors: readForeignSafetensors(b) }), FOREIGN_DTYPES],
];

describe.each(readers)(`%s fuzz (random seed ${RANDOM_SEED})`, (_name, read, dtypes) => {
  it('reads every valid file as the reference does', () => {
    fuzz(fc.property(fileSpec(dtypes), (spec) => {
      const { header, data } = layout(spec);
      expect(agree(assemble(header, data), read, dtypes)).toBe('read');
    }), 150);
  });

  it('agrees with the reference on byte-level mutations', () => {
    fuzz(fc.property(fileSpec(dtypes), fc.array(byteMutation, { minLength: 1, maxLength: 3 }), (spec, edits) => {
      const { header, data } = layout(spec);
      agree(mutateBytes(assemble(header, data), edits), read, dtypes);
    }), 250);
  });

  it('agrees with the reference on header-level mutations (number spellings, names, dtypes, syntax)', () => {
    const outcomes = { read: 0, refused: 0 };
    fuzz(fc.property(fileSpec(dtypes), fc.array(textMutation, { minLength: 1, maxLength: 2 }), (spec, edits) => {
      const { header, data } = layout(spec);
      outcomes[agree(assemble(edits.reduce(mutateText, header), data), read, dtypes)]++;
    }), 400);
    // the mutations must exercise both sides of the format
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
