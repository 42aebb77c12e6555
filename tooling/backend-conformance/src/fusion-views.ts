/**
 * Strided views in elementwise programs: `Backend.elementwise` reading inputs through a view
 * (offset and strides, broadcast on top), and fusion reading slices and splits in place instead of
 * copying them — values, gradients, launches and memory checked against loops over plain numbers
 * here and against the same computation with fusion off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Backend, DataId, ElementwiseInput, Tensor } from '@nabla/tensor-core';
import '@nabla/autograd';
import { LSTM } from '@nabla/layers';
import type { ConformanceContext } from './context.js';
import { expectThrows, mismatches, values } from './check.js';

/** Deterministic values in [-1, 1). */
function data(n: number, seed: number): number[] {
  const rng = new nb.Rng(seed);
  return Array.from({ length: n }, () => rng.uniform() * 2 - 1);
}

/** Backend method calls made while `fn` runs, by method name. */
async function callsOf(methods: readonly (keyof Backend)[], fn: () => Promise<void>): Promise<Record<string, number>> {
  const backend = nb.getBackend() as unknown as Record<string, unknown>;
  const counts: Record<string, number> = {};
  const originals = new Map<string, unknown>();
  for (const name of methods) {
    const original = backend[name] as (...args: unknown[]) => unknown;
    originals.set(name, original);
    counts[name] = 0;
    backend[name] = (...args: unknown[]) => {
      counts[name]++;
      return original.apply(backend, args);
    };
  }
  try {
    await fn();
  } finally {
    for (const [name, original] of originals) {
      delete backend[name];
      if (backend[name] !== original) backend[name] = original;
    }
  }
  return counts;
}

/** One randomly generated view input: its buffer's values, shape and view. */
interface ViewCase {
  readonly buffer: number[];
  readonly shape: number[];
  readonly offset: number;
  readonly strides: number[];
}

/** The element of `c` that output multi-index `out` reads (right-aligned broadcasting, as a loop). */
function element(c: ViewCase, out: readonly number[]): number {
  let at = c.offset;
  const lead = out.length - c.shape.length;
  for (let d = 0; d < c.shape.length; d++) if (c.shape[d] !== 1) at += c.strides[d] * out[d + lead];
  return c.buffer[at];
}

/** Registers the strided-view section. */
export function describeFusionViews(ctx: ConformanceContext): void {
  describe(`strided views in elementwise programs (${ctx.backend})`, () => {
    let previous = true;
    beforeEach(() => {
      previous = nb.setFusion(true);
    });
    afterEach(() => {
      nb.setFusion(previous);
    });

    it('Backend.elementwise reads inputs through random offsets, strides (transposed, repeated) and broadcasts, several views of one buffer', async () => {
      const backend = nb.getBackend();
      const rng = new nb.Rng(41);
      // where(m, a * b, a + float(c)): float32 a, b (b views a's buffer), int32 c, bool m
      const builder = new nb.ProgramBuilder();
      const a = builder.input('float32');
      const b = builder.input('float32');
      const c = builder.input('int32');
      const m = builder.input('bool');
      builder.where(m, builder.binary('mul', a, b), builder.binary('add', a, builder.cast(c, 'float32')));
      const program = builder.build();
      for (let trial = 0; trial < 12; trial++) {
        const rank = rng.int(1, 4);
        const outShape = Array.from({ length: rank }, () => rng.int(1, 6));
        const viewCase = (buffer: number[] | null, seed: number, broadcast: boolean): ViewCase => {
          const kept = broadcast ? rng.int(0, rank + 1) : rank;
          const shape = outShape.slice(rank - kept).map((d) => (broadcast && rng.uniform() < 0.4 ? 1 : d));
          // strides: any order (a transpose), gaps (a slice), 0 (a repeated element)
          const strides = shape.map(() => (rng.uniform() < 0.15 ? 0 : rng.int(1, 9)));
          const offset = rng.int(0, 7);
          const span = offset + shape.reduce((s, d, i) => s + (d - 1) * strides[i], 0) + 1;
          const values = buffer ?? data(span + rng.int(0, 4), seed).map((v) => Math.fround(v));
          return { buffer: values.length >= span ? values : [...values, ...data(span - values.length, seed + 1).map((v) => Math.fround(v))], shape, offset, strides };
        };
        const ca = viewCase(null, trial * 10 + 1, true);
        const cb = viewCase(rng.uniform() < 0.5 ? ca.buffer : null, trial * 10 + 2, true);
        const cc = viewCase(null, trial * 10 + 3, true);
        const cm = viewCase(null, trial * 10 + 4, true);
        const ints = cc.buffer.map((v) => Math.round(v * 10));
        const bools = cm.buffer.map((v) => (v > 0 ? 1 : 0));
        const tensors = [
          nb.tensor(ca.buffer, [ca.buffer.length]),
          cb.buffer === ca.buffer ? null : nb.tensor(cb.buffer, [cb.buffer.length]),
          nb.tensor(ints, [ints.length], 'int32'),
          nb.tensor(bools, [bools.length], 'bool'),
        ];
        const ids: DataId[] = [tensors[0]!.dataId, (tensors[1] ?? tensors[0])!.dataId, tensors[2]!.dataId, tensors[3]!.dataId];
        const cases = [ca, cb, cc, cm];
        const dtypes = ['float32', 'float32', 'int32', 'bool'] as const;
        const inputs: ElementwiseInput[] = cases.map((vc, k) => ({ dataId: ids[k], shape: vc.shape, dtype: dtypes[k], view: { offset: vc.offset, strides: vc.strides } }));
        const out = backend.elementwise(program, inputs, outShape);
        const got = await backend.read(out);
        backend.disposeData(out);
        const want: number[] = [];
        const size = outShape.reduce((p, d) => p * d, 1);
        const index = new Array<number>(rank).fill(0);
        const intCase = { ...cc, buffer: ints };
        const boolCase = { ...cm, buffer: bools };
        for (let i = 0; i < size; i++) {
          let rest = i;
          for (let d = rank - 1; d >= 0; d--) {
            index[d] = rest % outShape[d];
            rest = Math.floor(rest / outShape[d]);
          }
          const va = element(ca, index);
          want.push(element(boolCase, index) ? Math.fround(va * element(cb, index)) : Math.fround(va + element(intCase, index)));
        }
        expect(mismatches(got, want, ctx.tol('basic')), `trial ${trial}: out ${JSON.stringify(outShape)}, views ${JSON.stringify(cases.map((v) => [v.shape, v.offset, v.strides]))}`).toEqual([]);
        for (const t of tensors) t?.dispose();
      }
    });

    it('slices and splits feeding elementwise ops are read in place (no slice, no copy), with the unfused values, on random shapes', async () => {
      const rng = new nb.Rng(7);
      for (let trial = 0; trial < 6; trial++) {
        const B = rng.int(1, 5);
        const H = rng.int(1, 7);
        const xs = data(B * 4 * H, trial + 100);
        const bias = data(4 * H, trial + 200);
        const c0 = data(B * H, trial + 300);
        const compute = (): Tensor =>
          nb.tidy(() => {
            const x = nb.tensor(xs, [B, 4 * H]);
            const z = x.add(nb.tensor(bias, [4 * H])); // deferred, broadcast bias
            const [ifo, g] = nb.split(z, [3 * H, H], 1); // views of a deferred value
            const [i, f, o] = nb.split(nb.sigmoid(ifo), 3, 1);
            const c = f.mul(nb.tensor(c0, [B, H])).add(i.mul(nb.tanh(g)));
            const row = nb.slice(x, [0, H], [1, H]); // a [1, H] slice broadcast over the batch
            return o.mul(nb.tanh(c)).add(row);
          });
        nb.setFusion(false);
        const off = compute();
        const wantOff = await values(off);
        off.dispose();
        nb.setFusion(true);
        let got: number[] = [];
        const calls = await callsOf(['elementwise', 'slice', 'concat', 'fill'], async () => {
          const on = compute();
          got = await values(on);
          on.dispose();
        });
        expect(calls.slice, 'slices read in place').toBe(0);
        expect(calls.elementwise, `one program for B ${B}, H ${H}`).toBe(1);
        const sig = (v: number): number => 1 / (1 + Math.exp(-v));
        const want = Array.from({ length: B * H }, (_, k) => {
          const r = Math.floor(k / H);
          const j = k % H;
          const zAt = (gate: number): number => xs[r * 4 * H + gate * H + j] + bias[gate * H + j];
          const c = sig(zAt(1)) * c0[k] + sig(zAt(0)) * Math.tanh(zAt(3));
          return sig(zAt(2)) * Math.tanh(c) + xs[H + j];
        });
        expect(mismatches(got, want, ctx.tol('transcendental')), 'against the loop').toEqual([]);
        expect(mismatches(got, wantOff, ctx.tol('transcendental')), 'against fusion off').toEqual([]);
      }
    });

    it('a slice read by a routine, or read back, is copied once; its source may be disposed first', async () => {
      const xs = data(24, 11);
      const x = nb.tensor(xs, [4, 6]);
      const s = nb.slice(x, [1, 2], [2, 3]);
      const w = nb.tensor(data(6, 12), [3, 2]);
      x.dispose();
      const y = nb.matmul(s, w);
      const want = [0, 1].flatMap((r) => [0, 1, 2].map((c) => Math.fround(xs[(r + 1) * 6 + c + 2])));
      expect(await values(s)).toEqual(want);
      expect(y.shape).toEqual([2, 2]);
      for (const t of [s, w, y]) t.dispose();
    });

    it('slice errors name the op; memory() and tidy count a deferred slice like a computed one', async () => {
      const x = nb.tensor(data(12, 13), [3, 4]);
      expectThrows(() => nb.slice(x, [0, 3], [1, 2]), nb.ShapeError, 'slice');
      const tensors = nb.memory().numTensors;
      const bytes = nb.memory().numBytes;
      const parts = nb.split(x, [1, 3], 1);
      expect(nb.memory().numTensors).toBe(tensors + 2);
      expect(nb.memory().numBytes, 'the parts count as their own buffers').toBe(bytes + 12 * 4);
      parts.forEach((t) => t.dispose());
      expect(nb.memory().numBytes).toBe(bytes);
      const kept = nb.tidy(() => nb.split(x, 2, 1)[1].mul(2));
      expect(nb.memory().numTensors).toBe(tensors + 1);
      expect(await values(kept)).toEqual((await values(x)).filter((_, i) => i % 4 >= 2).map((v) => Math.fround(v * 2)));
      kept.dispose();
      x.dispose();
    });

    it('LSTM gradients with fusion on equal those with fusion off', async () => {
      const xs = data(2 * 5 * 3, 21);
      const run = async (fused: boolean): Promise<number[][]> => {
        nb.setFusion(fused);
        const layer = new LSTM(3, 4, { rng: new nb.Rng(5) });
        const x = nb.tensor(xs, [2, 5, 3]);
        nb.tidy(() => {
          const out = layer.forward(x);
          out.output.square().sum().add(out.c.sum()).backward();
        });
        const got = await Promise.all(layer.parameters().map((p) => values(p.grad as Tensor)));
        x.dispose();
        layer.dispose();
        return got;
      };
      const off = await run(false);
      const on = await run(true);
      expect(on.length).toBe(off.length);
      on.forEach((g, k) => expect(mismatches(g, off[k], ctx.tol('transcendental')), `parameter ${k}`).toEqual([]));
    });
  });
}
