/**
 * Fuzz: readIdx (plain and gzip, both gunzips) against a reference model of the IDX format, on
 * valid files, header edits, byte edits of plain and compressed files, and gzip bombs. Every
 * input decodes to the reference's values or is refused by both, the reader with an
 * IdxFormatError — and never inflates more than a chunk past the size the header declares.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { IdxFormatError, gunzipWithStreams, readIdx, type Gunzip, type IdxExpectation } from '../../src/index.js';
import { gunzipWithZlib } from '../../src/node.js';
import { RANDOM_SEED, fuzzAsync, byteMutation, mutateBytes } from '@nabla/test-kit/fuzz';

// bounded by the number of runs, not by time; a loaded CI machine may need the room
vi.setConfig({ testTimeout: 120_000 });

class RefReject extends Error {}

const TYPES: Record<number, { dtype: string; bytes: number; read: (v: DataView, at: number) => number }> = {
  8: { dtype: 'uint8', bytes: 1, read: (v, at) => v.getUint8(at) },
  9: { dtype: 'int8', bytes: 1, read: (v, at) => v.getInt8(at) },
  11: { dtype: 'int16', bytes: 2, read: (v, at) => v.getInt16(at) },
  12: { dtype: 'int32', bytes: 4, read: (v, at) => v.getInt32(at) },
  13: { dtype: 'float32', bytes: 4, read: (v, at) => v.getFloat32(at) },
  14: { dtype: 'float64', bytes: 8, read: (v, at) => v.getFloat64(at) },
};

interface RefIdx {
  readonly dtype: string;
  readonly shape: number[];
  readonly values: number[];
}

/**
 * The reference: gzip (magic 1f 8b) is inflated in full by zlib; then 00 00, a type code, a
 * non-zero rank, big-endian u32 dims, exactly the declared number of big-endian elements, and
 * the expected dtype/shape if given.
 */
function refRead(file: Uint8Array, expect: IdxExpectation): RefIdx {
  let bytes = file;
  if (file[0] === 0x1f && file[1] === 0x8b) {
    try {
      bytes = new Uint8Array(gunzipSync(file));
    } catch {
      throw new RefReject('gzip');
    }
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in TYPES) || bytes[3] === 0) throw new RefReject('magic');
  const type = TYPES[bytes[2]];
  const rank = bytes[3];
  if (bytes.length < 4 + 4 * rank) throw new RefReject('header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== 4 + 4 * rank + count * type.bytes) throw new RefReject('length');
  if (expect.dtype !== undefined && expect.dtype !== type.dtype) throw new RefReject('dtype');
  if (expect.shape !== undefined && (expect.shape.length !== rank || expect.shape.some((d, i) => d !== -1 && d !== shape[i]))) throw new RefReject('shape');
  return { dtype: type.dtype, shape, values: Array.from({ length: count }, (_, i) => type.read(view, 4 + 4 * rank + i * type.bytes)) };
}

/** A gunzip that records how many bytes it inflated. */
function counting(inner: Gunzip): { gunzip: Gunzip; inflated: () => number } {
  let total = 0;
  return {
    gunzip: async function* (bytes: Uint8Array) {
      for await (const chunk of inner(bytes)) {
        total += chunk.length;
        yield chunk;
      }
    },
    inflated: () => total,
  };
}

const MiB = 1 << 20;

async function agree(file: Uint8Array, expect_: IdxExpectation, inner: Gunzip): Promise<'read' | 'refused'> {
  let reference: RefIdx | undefined;
  try {
    reference = refRead(file, expect_);
  } catch (err) {
    if (!(err instanceof RefReject)) throw err;
  }
  const probe = counting(inner);
  let got: Awaited<ReturnType<typeof readIdx>> | undefined;
  try {
    got = await readIdx(file, 'fuzz.idx', { ...expect_, gunzip: probe.gunzip });
  } catch (err) {
    if (!(err instanceof IdxFormatError)) throw new Error(`not an IdxFormatError: ${String(err)}`, { cause: err });
  }
  // never more than one chunk (zlib: 1 MiB) past the largest header plus what it declares
  const declared = got ? got.data.byteLength : 0;
  expect(probe.inflated()).toBeLessThanOrEqual(1024 + declared + 2 * MiB);
  if (reference === undefined) {
    expect(got, 'the reference refuses this input but the reader accepted it').toBeUndefined();
    return 'refused';
  }
  expect(got, 'the reference reads this input but the reader refused it').toBeDefined();
  expect([got!.dtype, [...got!.shape]]).toEqual([reference.dtype, reference.shape]);
  const values = Array.from(got!.data as ArrayLike<number>);
  expect(values.length === reference.values.length && values.every((v, i) => Object.is(v, reference.values[i])), 'values').toBe(true);
  return 'read';
}

interface IdxSpec {
  readonly code: number;
  readonly shape: number[];
  readonly body: Uint8Array;
}

const idxSpec: fc.Arbitrary<IdxSpec> = fc.record({
  code: fc.constantFrom(8, 9, 11, 12, 13, 14),
  shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
}).chain(({ code, shape }) => {
  const n = shape.reduce((a, b) => a * b, 1) * TYPES[code].bytes;
  return fc.uint8Array({ minLength: n, maxLength: n }).map((body) => ({ code, shape, body }));
});

function encode(spec: IdxSpec, declared: number[] = spec.shape): Uint8Array {
  const out = new Uint8Array(4 + 4 * declared.length + spec.body.length);
  const view = new DataView(out.buffer);
  out[2] = spec.code;
  out[3] = declared.length;
  declared.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(spec.body, 4 + 4 * declared.length);
  return out;
}

/** Expectations: none, the file's own, or a wrong dtype or shape. */
function expectation(spec: IdxSpec, pick: number): IdxExpectation {
  switch (pick % 5) {
    case 0: return {};
    case 1: return { dtype: TYPES[spec.code].dtype as IdxExpectation['dtype'], shape: spec.shape.map((d, i) => (i === 0 ? -1 : d)) };
    case 2: return { dtype: spec.code === 8 ? 'int8' : 'uint8' };
    case 3: return { shape: [...spec.shape, 1] };
    default: return { shape: spec.shape };
  }
}

const gunzips: [string, Gunzip][] = [['zlib', gunzipWithZlib], ['DecompressionStream', gunzipWithStreams]];

describe.each(gunzips)(`readIdx fuzz with %s (random seed ${RANDOM_SEED})`, (_name, gunzip) => {
  it('agrees with the reference on valid files, plain and gzip, with matching and wrong expectations', async () => {
    await fuzzAsync(fc.asyncProperty(idxSpec, fc.boolean(), fc.nat(), async (spec, gz, pick) => {
      const plain = encode(spec);
      const outcome = await agree(gz ? new Uint8Array(gzipSync(plain)) : plain, expectation(spec, pick), gunzip);
      if (pick % 5 === 0 || pick % 5 === 1 || pick % 5 === 4) expect(outcome).toBe('read');
    }), 100);
  });

  it('agrees with the reference when the header declares other dims than the data holds', async () => {
    await fuzzAsync(fc.asyncProperty(idxSpec, fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }), fc.boolean(), async (spec, declared, gz) => {
      const plain = encode(spec, declared);
      await agree(gz ? new Uint8Array(gzipSync(plain)) : plain, {}, gunzip);
    }), 100);
  });

  it('agrees with the reference on byte edits of plain and compressed files', async () => {
    const outcomes = { read: 0, refused: 0 };
    await fuzzAsync(fc.asyncProperty(idxSpec, fc.boolean(), fc.array(byteMutation, { minLength: 1, maxLength: 3 }), async (spec, gz, edits) => {
      const plain = encode(spec);
      outcomes[await agree(mutateBytes(gz ? new Uint8Array(gzipSync(plain)) : plain, edits), {}, gunzip)]++;
    }), 150);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('refuses gzip bombs after inflating at most a chunk past the declared size', async () => {
    const zeros4MiB = gzipSync(new Uint8Array(4 * MiB), { level: 9 });
    await fuzzAsync(fc.asyncProperty(idxSpec, fc.integer({ min: 2, max: 8 }), async (spec, members) => {
      // a valid file followed by 8–32 MiB of zeros in further gzip members: far more than the header declares
      const bomb = new Uint8Array(Buffer.concat([gzipSync(encode(spec)), ...Array.from({ length: members }, () => zeros4MiB)]));
      const probe = counting(gunzip);
      await expect(readIdx(bomb, 'bomb.idx.gz', { gunzip: probe.gunzip })).rejects.toThrow(/inflates to more than the \d+ bytes its header declares/);
      expect(probe.inflated()).toBeLessThanOrEqual(encode(spec).length + 2 * MiB);
    }), 10);
  });
});
