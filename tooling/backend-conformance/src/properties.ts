/** Property tests (fast-check): broadcasting, shape rules and round trips on random shapes. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor } from './check.js';
import { broadcastShape, zipBroadcast } from './reference/broadcast.js';
import { BINARY_REFERENCE } from './reference/elementwise.js';
import { gather as refGather } from './reference/indexing.js';
import { concat as refConcat, slice as refSlice, transpose as refTranspose } from './reference/layout.js';
import { matmul as refMatmul } from './reference/matmul.js';
import { numel, type NdArray } from './reference/ndarray.js';
import * as R from './reference/reduce.js';
import { softmax as refSoftmax } from './reference/softmax.js';

const RUNS = { numRuns: 25 };

/** Random float32-exact reference values for a shape, drawn from a seed. */
function hostRandom(seed: number, shape: readonly number[]): NdArray {
  const rng = new nb.Rng(seed);
  const data = new Float64Array(numel(shape));
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(rng.uniform() * 4 - 2);
  return { shape: [...shape], data };
}

/** The tensor holding a reference array's values. */
function toTensor(x: NdArray): Tensor {
  return nb.tensor(Float32Array.from(x.data), x.shape);
}

/** Read, compare and free a result. */
async function checkAndFree(t: Tensor, expected: NdArray, tol: { rtol: number; atol: number }): Promise<void> {
  try {
    await expectTensor(t, expected, tol);
  } finally {
    t.dispose();
  }
}

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = (minRank: number, maxRank: number): fc.Arbitrary<number[]> => fc.array(dim, { minLength: minRank, maxLength: maxRank });
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** An output shape and two operand shapes that broadcast to it (suffixes with some dims set to 1). */
const broadcastPair = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }).chain((out) => {
  const operand = fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  return fc.tuple(fc.constant(out), operand, operand);
});

/** A shape with a random permutation of its axes. */
const shapeAndPerm = shapeArb(1, 4).chain((shape) => fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length })));

/** Registers the property-test section. */
export function describeProperties(ctx: ConformanceContext): void {
  describe('properties (fast-check)', () => {
    it('binary ops broadcast like NumPy on random compatible shapes', async () => {
      await fc.assert(fc.asyncProperty(broadcastPair, seedArb, async ([, sa, sb], seed) => {
        const a = hostRandom(seed, sa);
        const b = hostRandom(seed + 1, sb);
        const out = broadcastShape(sa, sb);
        for (const op of ['add', 'mul', 'maximum', 'greater'] as const) {
          const t = nb.tidy(() => nb[op](toTensor(a), toTensor(b)));
          expect(t.shape).toEqual(out);
          await checkAndFree(t, zipBroadcast(a, b, BINARY_REFERENCE[op]), ctx.tol(op === 'mul' ? 'basic' : op === 'add' ? 'basic' : 'exact'));
        }
      }), RUNS);
    });
    it('incompatible shapes are always refused with a ShapeError naming both', () => {
      fc.assert(fc.property(shapeArb(0, 2), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 3 }), (lead, d, bump) => {
        const shape = [...lead, d];
        const other = [...lead, d + bump];
        const a = nb.zeros(shape);
        const b = nb.zeros(other);
        try {
          expect(() => nb.sub(a, b)).toThrow(nb.ShapeError);
          expect(() => nb.sub(a, b)).toThrow(`sub: shapes ${nb.fmtShape(shape)} and ${nb.fmtShape(other)} cannot be broadcast together`);
        } finally {
          a.dispose();
          b.dispose();
        }
      }), RUNS);
    });
    it('reshape round-trips and preserves row-major order', async () => {
      await fc.assert(fc.asyncProperty(shapeArb(0, 4), seedArb, fc.nat(), async (shape, seed, pick) => {
        const x = hostRandom(seed, shape);
        const target = [...shape].reverse();
        if (target.length > 0) target[pick % target.length] = -1;
        const t = toTensor(x);
        const r = nb.reshape(t, target);
        expect(r.size).toBe(x.data.length);
        const back = nb.reshape(r, shape);
        await checkAndFree(back, x, ctx.tol('exact'));
        await checkAndFree(r, { shape: r.shape, data: x.data }, ctx.tol('exact'));
        t.dispose();
      }), RUNS);
    });
    it('transpose matches the reference and its inverse permutation restores the input', async () => {
      await fc.assert(fc.asyncProperty(shapeAndPerm, seedArb, async ([shape, perm], seed) => {
        const x = hostRandom(seed, shape);
        const inverse = perm.map((_, i) => perm.indexOf(i));
        const t = toTensor(x);
        const y = nb.transpose(t, perm);
        await checkAndFree(nb.transpose(y, inverse), x, ctx.tol('exact'));
        await checkAndFree(y, refTranspose(x, perm), ctx.tol('exact'));
        t.dispose();
      }), RUNS);
    });
    it('split then concat is the identity; every piece is the matching slice', async () => {
      const arb = shapeArb(1, 4).chain((shape) => fc.tuple(fc.constant(shape), fc.integer({ min: 0, max: shape.length - 1 }))
        .chain(([s, axis]) => fc.tuple(fc.constant(s), fc.constant(axis), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }))));
      await fc.assert(fc.asyncProperty(arb, seedArb, async ([base, axis, sizes], seed) => {
        const shape = base.map((d, i) => (i === axis ? sizes.reduce((a, b) => a + b, 0) : d));
        const x = hostRandom(seed, shape);
        const t = toTensor(x);
        const parts = nb.split(t, sizes, axis);
        let offset = 0;
        for (const [i, p] of parts.entries()) {
          const begin = shape.map((_, j) => (j === axis ? offset : 0));
          const size = shape.map((d, j) => (j === axis ? sizes[i] : d));
          await expectTensor(p, refSlice(x, begin, size), ctx.tol('exact'));
          offset += sizes[i];
        }
        await checkAndFree(nb.concat(parts, axis), x, ctx.tol('exact'));
        await checkAndFree(nb.concat(parts, axis - shape.length), x, ctx.tol('exact'));
        parts.forEach((p) => p.dispose());
        t.dispose();
      }), RUNS);
    });
    it('sum and max over random axis subsets match the reference', async () => {
      const arb = shapeArb(1, 4).chain((shape) => fc.tuple(fc.constant(shape), fc.subarray(shape.map((_, i) => i)), fc.boolean()));
      await fc.assert(fc.asyncProperty(arb, seedArb, async ([shape, axes, keepDims], seed) => {
        const x = hostRandom(seed, shape);
        const t = toTensor(x);
        const negative = axes.map((a) => a - shape.length);
        await checkAndFree(nb.sum(t, axes, { keepDims }), R.sum(x, axes, keepDims), ctx.tol('accumulation'));
        await checkAndFree(nb.max(t, negative, { keepDims }), R.max(x, axes, keepDims), ctx.tol('exact'));
        await checkAndFree(nb.mean(t, axes, { keepDims }), R.mean(x, axes, keepDims), ctx.tol('accumulation'));
        t.dispose();
      }), RUNS);
    });
    it('matmul with random sizes and broadcast batches matches the reference', async () => {
      const arb = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 7 }),
        broadcastPair.filter(([out]) => out.length <= 2 && !out.includes(0)), fc.boolean(), fc.boolean());
      await fc.assert(fc.asyncProperty(arb, seedArb, async ([m, k, n, [, ba, bb], ta, tb], seed) => {
        const a = hostRandom(seed, [...ba, ...(ta ? [k, m] : [m, k])]);
        const b = hostRandom(seed + 7, [...bb, ...(tb ? [n, k] : [k, n])]);
        const ta0 = toTensor(a);
        const tb0 = toTensor(b);
        await checkAndFree(nb.matmul(ta0, tb0, { transposeA: ta, transposeB: tb }), refMatmul(a, b, ta, tb), ctx.tol('accumulation'));
        ta0.dispose();
        tb0.dispose();
      }), RUNS);
    });
    it('slice of a random box matches the reference', async () => {
      const arb = shapeArb(1, 4).chain((shape) => fc.tuple(fc.constant(shape), fc.tuple(...shape.map((d) => fc.integer({ min: 0, max: d }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: d - b })))))));
      await fc.assert(fc.asyncProperty(arb, seedArb, async ([shape, box], seed) => {
        const x = hostRandom(seed, shape);
        const t = toTensor(x);
        const begin = box.map(([b]) => b);
        const size = box.map(([, s]) => s);
        await checkAndFree(nb.slice(t, begin, size), refSlice(x, begin, size), ctx.tol('exact'));
        t.dispose();
      }), RUNS);
    });
    it('gather with random indices matches the reference', async () => {
      const arb = shapeAndPerm.chain(([shape]) => fc.tuple(fc.constant(shape), fc.integer({ min: 0, max: shape.length - 1 }), shapeArb(0, 2)));
      await fc.assert(fc.asyncProperty(arb, seedArb, async ([shape, axis, idxShape], seed) => {
        const x = hostRandom(seed, shape);
        const rng = new nb.Rng(seed);
        const idx = Int32Array.from({ length: numel(idxShape) }, () => rng.int(0, shape[axis]));
        const t = toTensor(x);
        const it = nb.tensor(idx, idxShape);
        await checkAndFree(nb.gather(t, it, axis), refGather(x, { shape: idxShape, data: Float64Array.from(idx) }, axis), ctx.tol('exact'));
        t.dispose();
        it.dispose();
      }), RUNS);
    });
    it('softmax matches the reference on random shapes and axes', async () => {
      const arb = shapeArb(1, 3).chain((shape) => fc.tuple(fc.constant(shape), fc.integer({ min: 0, max: shape.length - 1 })));
      await fc.assert(fc.asyncProperty(arb, seedArb, async ([shape, axis], seed) => {
        const x = hostRandom(seed, shape);
        const t = toTensor(x);
        await checkAndFree(nb.softmax(t, axis), refSoftmax(x, axis), ctx.tol('accumulation'));
        t.dispose();
      }), RUNS);
    });
    it('concat of stacked copies equals the reference concat', async () => {
      await fc.assert(fc.asyncProperty(shapeArb(1, 3), fc.integer({ min: 1, max: 3 }), seedArb, async (shape, copies, seed) => {
        const xs = Array.from({ length: copies }, (_, i) => hostRandom(seed + i, shape));
        const ts = xs.map(toTensor);
        await checkAndFree(nb.concat(ts, 0), refConcat(xs, 0), ctx.tol('exact'));
        ts.forEach((t) => t.dispose());
      }), RUNS);
    });
  });
}
