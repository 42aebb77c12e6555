/**
 * scaledDotProductAttention: values against the float64 loop reference (no mask, causal with
 * L = S, L < S and L > S, bool and float masks broadcast from several shapes, fully masked rows,
 * scale, broadcast batches, dropout), gradients against finite differences, and typed errors.
 */
import { describe, expect, it } from 'vitest';
import { gradCheck, gradients } from '@nabla/autograd';
import * as nb from '@nabla/tensor-core';
import type { DType, Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectThrows, mismatches } from './check.js';
import { rngFor, uniform, type Input } from './data.js';
import { attention as refAttention, type ReferenceAttentionOptions } from './reference/attention.js';
import { ndarray, numel } from './reference/ndarray.js';

/** A mask to build: bool from a keep-probability (rows listed in `deadRows` fully blocked) or float in [-2, 2) with some −∞. */
interface MaskSpec {
  readonly kind: 'bool' | 'float';
  readonly shape: readonly number[];
  readonly deadRows?: readonly number[];
}

interface ValueCase {
  readonly name: string;
  readonly q: readonly number[];
  readonly k: readonly number[];
  readonly v: readonly number[];
  readonly causal?: boolean;
  readonly scale?: number;
  readonly mask?: MaskSpec;
}

const CASES: readonly ValueCase[] = [
  { name: 'no mask, 4-D heads', q: [2, 3, 5, 8], k: [2, 3, 6, 8], v: [2, 3, 6, 4] },
  { name: 'causal, L = S', q: [2, 7, 16], k: [2, 7, 16], v: [2, 7, 16], causal: true },
  { name: 'causal, L < S (top-left aligned)', q: [1, 3, 8], k: [1, 5, 8], v: [1, 5, 8], causal: true },
  { name: 'causal, L > S', q: [1, 6, 4], k: [1, 3, 4], v: [1, 3, 4], causal: true },
  { name: 'length 1', q: [3, 1, 8], k: [3, 1, 8], v: [3, 1, 5], causal: true },
  { name: 'bool mask [L, S] with a fully masked row', q: [2, 4, 8], k: [2, 5, 8], v: [2, 5, 3], mask: { kind: 'bool', shape: [4, 5], deadRows: [2] } },
  { name: 'bool key-padding mask [B, 1, 1, S]', q: [2, 2, 3, 8], k: [2, 2, 6, 8], v: [2, 2, 6, 8], mask: { kind: 'bool', shape: [2, 1, 1, 6] } },
  { name: 'float mask [B, 1, L, S] with −∞ entries', q: [2, 2, 4, 8], k: [2, 2, 5, 8], v: [2, 2, 5, 8], mask: { kind: 'float', shape: [2, 1, 4, 5] } },
  { name: 'causal combined with a bool mask', q: [2, 5, 8], k: [2, 5, 8], v: [2, 5, 8], causal: true, mask: { kind: 'bool', shape: [2, 5, 5] } },
  { name: 'explicit scale, Ev ≠ E', q: [2, 4, 6], k: [2, 7, 6], v: [2, 7, 10], scale: 0.3 },
  { name: 'k and v broadcast over the heads', q: [2, 3, 4, 8], k: [2, 1, 5, 8], v: [2, 1, 5, 8] },
  { name: 'rank-2 operands', q: [4, 8], k: [5, 8], v: [5, 2] },
];

function buildMask(spec: MaskSpec, seed: number): Input {
  const rng = rngFor(seed);
  const n = numel(spec.shape);
  const values = new Array<number>(n);
  const S = spec.shape[spec.shape.length - 1];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / S) % (spec.shape[spec.shape.length - 2] ?? 1);
    if (spec.kind === 'bool') values[i] = spec.deadRows?.includes(row) ? 0 : rng.uniform() < 0.7 || i % S === 0 ? 1 : 0;
    else values[i] = i % 7 === 3 ? -Infinity : -2 + 4 * rng.uniform();
  }
  const dtype: DType = spec.kind === 'bool' ? 'bool' : 'float32';
  return { t: nb.tensor(values, [...spec.shape], dtype), ref: ndarray(spec.shape, values) };
}

function referenceOptions(c: ValueCase, mask: Input | undefined): ReferenceAttentionOptions {
  return { causal: c.causal, scale: c.scale, mask: mask?.ref, maskKind: c.mask?.kind };
}

/** Registers the attention section. */
export function describeAttention(ctx: ConformanceContext): void {
  describe('scaledDotProductAttention', () => {
    CASES.forEach((c, n) => {
      it(`${c.name}: q [${c.q}] k [${c.k}] v [${c.v}]`, async () => {
        const rng = rngFor(1200 + n);
        const [q, k, v] = [uniform(rng, c.q, -2, 2), uniform(rng, c.k, -2, 2), uniform(rng, c.v)];
        const mask = c.mask ? buildMask(c.mask, 1300 + n) : undefined;
        const expected = refAttention(q.ref, k.ref, v.ref, referenceOptions(c, mask));
        const out = nb.scaledDotProductAttention(q.t, k.t, v.t, { causal: c.causal, scale: c.scale, mask: mask?.t });
        await expectTensor(out, expected, ctx.tol('accumulation'), 'float32');
      });
    });

    it('hand-computed: one query, two keys', async () => {
      // scores = [1·1, 1·(−1)]·(1/√1) = [1, −1]; weights = [e/(e+e⁻¹), e⁻¹/(e+e⁻¹)]
      const w0 = Math.E / (Math.E + 1 / Math.E);
      const out = nb.scaledDotProductAttention(nb.tensor([[1]]), nb.tensor([[1], [-1]]), nb.tensor([[10, 0], [0, 10]]));
      await expectTensor(out, { shape: [1, 2], values: [10 * w0, 10 * (1 - w0)] }, ctx.tol('transcendental'));
    });

    it('dropout draws its multipliers from the given Rng; p = 1 gives zeros', async () => {
      const rng = rngFor(1250);
      const [q, k, v] = [uniform(rng, [2, 3, 4]), uniform(rng, [2, 5, 4]), uniform(rng, [2, 5, 3])];
      const p = 0.4;
      const draws = new nb.Rng(99);
      const multipliers = Array.from({ length: 2 * 3 * 5 }, () => (draws.uniform() >= p ? 1 / (1 - p) : 0));
      const expected = refAttention(q.ref, k.ref, v.ref, { weightMultipliers: ndarray([2, 3, 5], multipliers) });
      await expectTensor(nb.scaledDotProductAttention(q.t, k.t, v.t, { dropout: p, rng: new nb.Rng(99) }), expected, ctx.tol('accumulation'));
      await expectTensor(nb.scaledDotProductAttention(q.t, k.t, v.t, { dropout: 1 }), { shape: [2, 3, 3], values: new Array<number>(18).fill(0) }, ctx.tol('exact'));
    });

    describe('gradients against finite differences', () => {
      const gradCases: readonly ValueCase[] = [
        { name: 'no mask', q: [2, 3, 4], k: [2, 4, 4], v: [2, 4, 3] },
        { name: 'causal', q: [1, 4, 3], k: [1, 4, 3], v: [1, 4, 2], causal: true },
        { name: 'bool mask with a fully masked row', q: [2, 3, 4], k: [2, 4, 4], v: [2, 4, 2], mask: { kind: 'bool', shape: [3, 4], deadRows: [1] } },
        { name: 'float mask (also differentiated)', q: [1, 3, 4], k: [1, 4, 4], v: [1, 4, 2], mask: { kind: 'float', shape: [1, 3, 4] } },
      ];
      gradCases.forEach((c, n) => {
        it(c.name, async () => {
          const dtype: DType = nb.getBackend().supportsFloat64 ? 'float64' : 'float32';
          const rng = rngFor(1400 + n);
          const inputs: Tensor[] = [uniform(rng, c.q), uniform(rng, c.k), uniform(rng, c.v)].map((x) => nb.cast(x.t, dtype));
          let maskInput: Tensor | undefined;
          if (c.mask) {
            // a finite float mask (finite differences need finite values)
            const m = buildMask(c.mask, 1500 + n).t;
            maskInput = c.mask.kind === 'float' ? nb.clip(nb.cast(m, dtype), -2, 2) : m;
            if (c.mask.kind === 'float') inputs.push(maskInput);
          }
          const f = (...xs: Tensor[]): Tensor =>
            nb.scaledDotProductAttention(xs[0], xs[1], xs[2], { causal: c.causal, mask: c.mask?.kind === 'float' ? xs[3] : maskInput });
          const result = await gradCheck(f, inputs, { dtype: dtype === 'float64' ? 'float64' : 'float32' });
          const detail = result.inputs.map((r) => `input ${r.input}: ${r.maxRelError.toExponential(2)} (analytic ${r.analytic}, numeric ${r.numeric})`).join('; ');
          expect(result.maxRelError, detail).toBeLessThanOrEqual(result.tolerance);
        });
      });
    });

    describe('fused kernel agrees with the composite, forward and gradients', () => {
      for (const E of [16, 32, 64, 80]) {
        for (const T of [1, 7, 64, 257]) {
          // causal and a bool mask (with a fully blocked row) at once: one kernel variant per head size
          {
            it(`E ${E}, L = S = ${T}, causal and a bool mask`, async () => {
              const B = T > 64 ? 1 : 2;
              const rng = rngFor(1600 + E * 1000 + T);
              const q = uniform(rng, [B, T, E], -2, 2).t;
              const k = uniform(rng, [B, T, E], -2, 2).t;
              const v = uniform(rng, [B, T, E]).t;
              const w = uniform(rng, [B, T, E]).t;
              const mask = buildMask({ kind: 'bool', shape: [T, T], deadRows: T > 2 ? [1] : [] }, 1700 + T).t;
              const options = { causal: true, mask };
              const run = (f: typeof nb.attentionFused): Tensor[] => nb.tidy(() => {
                const xs = [q, k, v].map((x) => {
                  const c = nb.mul(x, 1);
                  c.requiresGrad = true;
                  return c;
                });
                const out = f(xs[0], xs[1], xs[2], options);
                const grads = gradients(nb.sum(nb.mul(out, w)), xs);
                return [out, ...grads.map((g) => g ?? nb.zeros([1]))];
              });
              const fused = run(nb.attentionFused);
              const composite = run(nb.attentionComposite);
              const names = ['output', 'dq', 'dk', 'dv'];
              for (let n = 0; n < 4; n++) {
                const want = await composite[n].data();
                const got = await fused[n].data();
                let scale = 1;
                for (const x of want) scale = Math.max(scale, Math.abs(x));
                const tol = ctx.tol('accumulation');
                expect(fused[n].shape, names[n]).toEqual(composite[n].shape);
                expect(mismatches(got, want, { rtol: tol.rtol * 10, atol: tol.atol * 10 * scale }), names[n]).toEqual([]);
              }
              for (const t of [...fused, ...composite, q, k, v, w, mask]) t.dispose();
              // the first case of each head size compiles its WGSL variants: slow on software GPUs under load
            }, 240_000);
          }
        }
      }
    });

    it('the fused forward keeps O(T) bytes for its backward; the composite keeps the [T, T] weights', () => {
      const T = 256;
      const bytesHeld = (f: typeof nb.attentionFused): number => {
        const rng = rngFor(1750);
        const xs = [uniform(rng, [1, T, 16]).t, uniform(rng, [1, T, 16]).t, uniform(rng, [1, T, 16]).t];
        for (const x of xs) x.requiresGrad = true;
        const before = nb.getBackend().memory().numBytes;
        const out = f(xs[0], xs[1], xs[2], { causal: true });
        const held = nb.getBackend().memory().numBytes - before;
        for (const t of [out, ...xs]) t.dispose();
        return held;
      };
      const square = T * T * 4;
      expect(bytesHeld(nb.attentionFused), 'fused').toBeLessThan(square / 4);
      expect(bytesHeld(nb.attentionComposite), 'composite').toBeGreaterThanOrEqual(square);
    });

    it('errors name the op, the shapes and the dtypes', () => {
      const q = nb.zeros([2, 3, 4]);
      expectThrows(() => nb.scaledDotProductAttention(q, nb.zeros([2, 5, 6]), nb.zeros([2, 5, 4])), nb.ShapeError, 'scaledDotProductAttention', 'last dimension E', '(4 != 6)', 'k float32 [2,5,6]');
      expectThrows(() => nb.scaledDotProductAttention(q, nb.zeros([2, 5, 4]), nb.zeros([2, 6, 4])), nb.ShapeError, 'scaledDotProductAttention', 'length S', '(5 != 6)');
      expectThrows(() => nb.scaledDotProductAttention(q, nb.zeros([3, 5, 4]), nb.zeros([3, 5, 4])), nb.ShapeError, 'batch dimensions');
      expectThrows(() => nb.scaledDotProductAttention(q, nb.zeros([2, 5, 4]), nb.zeros([2, 5, 4]), { mask: nb.ones([3, 4], 'bool') }), nb.ShapeError, 'mask [3,4]', '[2,3,5]');
      expectThrows(() => nb.scaledDotProductAttention(q, nb.zeros([2, 5, 4]), nb.zeros([2, 5, 4]), { mask: nb.ones([1, 2, 3, 5], 'bool') }), nb.ShapeError, 'mask [1,2,3,5]');
      expectThrows(() => nb.scaledDotProductAttention(q, nb.zeros([2, 5, 4]), nb.zeros([2, 5, 4]), { mask: nb.ones([3, 5], 'int32') }), nb.DTypeError, 'mask', 'int32');
      expectThrows(() => nb.scaledDotProductAttention(nb.zeros([2, 3, 4], 'int32'), nb.zeros([2, 5, 4]), nb.zeros([2, 5, 4])), nb.DTypeError, 'q must be a float tensor', 'int32');
      expectThrows(() => nb.scaledDotProductAttention(nb.zeros([4]), nb.zeros([5, 4]), nb.zeros([5, 4])), nb.ShapeError, 'rank >= 2');
      expectThrows(() => nb.scaledDotProductAttention(q, nb.zeros([2, 5, 4]), nb.zeros([2, 5, 4]), { dropout: 1.5 }), nb.ArgumentError, 'dropout', '1.5');
    });
  });
}
