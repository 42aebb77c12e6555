/**
 * Elementwise fusion (tensor-core's fusion/): chains of elementwise ops run as one program when
 * their result is needed, with the values, errors, memory statistics and gradients of running each
 * op alone. Launches are counted by wrapping the backend's `elementwise` and `fill` while a check
 * runs; every expected value comes from a loop over plain numbers here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Backend, ElementwiseProgram, Tensor, TensorInfo } from '@nabla/tensor-core';
import { grad } from '@nabla/autograd';
import { Adam } from '@nabla/optim';
import type { ConformanceContext } from './context.js';
import { expectThrows, mismatches, values } from './check.js';

/** One launched elementwise program: its step and input counts, and how many elements it computed. */
interface Launch {
  readonly steps: number;
  readonly inputs: number;
  readonly program: ElementwiseProgram;
  readonly elements: number;
}

/** Evaluations of unary `op` over all `programs` (its steps × the elements each program computed). */
function evaluations(programs: readonly Launch[], op: nb.UnaryOp): number {
  let n = 0;
  for (const p of programs) for (const step of p.program.steps) if (step.kind === 'unary' && step.op === op) n += p.elements;
  return n;
}

/** Record the elementwise programs and fills `fn` launches on the current backend. */
async function launchesOf(fn: () => Promise<void>): Promise<{ programs: Launch[]; fills: number }> {
  const backend: Backend = nb.getBackend();
  const programs: Launch[] = [];
  let fills = 0;
  const elementwise = backend.elementwise;
  const fill = backend.fill;
  backend.elementwise = (program: ElementwiseProgram, inputs: readonly TensorInfo[], outShape: readonly number[]) => {
    programs.push({ steps: program.steps.length, inputs: inputs.length, program, elements: nb.sizeOf(outShape) });
    return elementwise.call(backend, program, inputs, outShape);
  };
  backend.fill = (size: number, value: number, dtype: nb.DType) => {
    fills++;
    return fill.call(backend, size, value, dtype);
  };
  try {
    await fn();
  } finally {
    // drop the wrappers: the prototype's methods show through again (or the instance's own)
    const own = backend as unknown as Record<string, unknown>;
    delete own.elementwise;
    delete own.fill;
    if (backend.elementwise !== elementwise) backend.elementwise = elementwise;
    if (backend.fill !== fill) backend.fill = fill;
  }
  return { programs, fills };
}

/** Deterministic values in [-1, 1). */
function data(n: number, seed: number): number[] {
  const rng = new nb.Rng(seed);
  return Array.from({ length: n }, () => rng.uniform() * 2 - 1);
}

/** Kernel buffers the backend holds now. */
function backendBuffers(): number {
  return nb.getBackend().memory().numDataBuffers;
}

/** Registers the fusion section. */
export function describeFusion(ctx: ConformanceContext): void {
  describe(`elementwise fusion (${ctx.backend})`, () => {
    let previous = true;
    beforeEach(() => {
      previous = nb.setFusion(true);
    });
    afterEach(() => {
      nb.setFusion(previous);
    });

    it('a chain of unary and binary ops with number operands runs as one program, no fills', async () => {
      const xs = data(40, 1);
      const x = nb.tensor(xs, [5, 8]);
      let y: Tensor | undefined;
      const { programs, fills } = await launchesOf(async () => {
        y = x.mul(2).add(1).exp().sub(x).tanh().mul(0.5);
        await y.data();
      });
      expect(programs.map((p) => p.inputs), 'one program reading x once').toEqual([1]);
      expect(fills).toBe(0);
      const want = xs.map((v) => Math.tanh(Math.exp(v * 2 + 1) - v) * 0.5);
      expect(mismatches(await (y as Tensor).data(), want, ctx.tol('transcendental'))).toEqual([]);
      y?.dispose();
      x.dispose();
    });

    it('softmax, logSoftmax and gelu launch fewer programs fused than unfused, with the same values', async () => {
      const x = nb.tensor(data(24, 2), [4, 6]);
      for (const f of [nb.softmax, nb.logSoftmax, nb.gelu]) {
        const run = async (fused: boolean): Promise<{ launches: number; got: number[] }> => {
          nb.setFusion(fused);
          let got: number[] = [];
          const { programs, fills } = await launchesOf(async () => {
            const out = nb.tidy(() => f(x));
            got = await values(out);
            out.dispose();
          });
          return { launches: programs.length + fills, got };
        };
        const off = await run(false);
        const on = await run(true);
        expect(on.launches, `${f.name}: launches fused (${on.launches}) vs unfused (${off.launches})`).toBeLessThan(off.launches);
        expect(mismatches(on.got, off.got, ctx.tol('transcendental')), f.name).toEqual([]);
      }
      x.dispose();
    });

    it('an Adam step on a parameter launches one program per updated tensor', async () => {
      const w = nb.tensor(data(12, 3), [3, 4]);
      w.requiresGrad = true;
      const optimizer = new Adam([w], { lr: 0.1 });
      const step = (): void => {
        optimizer.zeroGrad();
        w.grad = nb.tensor(data(12, 4), [3, 4]);
        optimizer.step();
      };
      step(); // first step creates the moment buffers
      const { programs, fills } = await launchesOf(async () => {
        step();
        await w.data();
      });
      expect(programs.length + fills, 'programs for m, v and w').toBeLessThanOrEqual(3);
      optimizer.zeroGrad();
      w.dispose();
    });

    it('broadcast operands, a broadcast deferred value and a reshaped deferred value keep their values', async () => {
      const xs = data(12, 5);
      const bs = data(4, 6);
      const x = nb.tensor(xs, [3, 4]);
      const b = nb.tensor(bs, [4]);
      const out = nb.tidy(() => {
        const rowMax = x.max(1, { keepDims: true }); // [3,1], a routine
        const shift = rowMax.mul(2).add(1); // deferred [3,1], inlined where broadcast
        const y = x.add(b).relu().sub(shift); // [3,4]
        return y.reshape([4, 3]).mul(y.reshape([4, 3]).exp()).reshape([12]);
      });
      const want = xs.map((v, i) => {
        const r = Math.floor(i / 4);
        const m = Math.max(...xs.slice(r * 4, r * 4 + 4));
        const y = Math.max(v + bs[i % 4], 0) - (m * 2 + 1);
        return y * Math.exp(y);
      });
      expect(mismatches(await out.data(), want, ctx.tol('transcendental'))).toEqual([]);
      for (const t of [out, x, b]) t.dispose();
    });

    it('a long chain and many inputs are cut into programs of bounded size with exact values', async () => {
      const xs = data(16, 7);
      const x = nb.tensor(xs, [16]);
      const others = Array.from({ length: 12 }, (_, i) => nb.tensor(data(16, 10 + i), [16]));
      let y: Tensor | undefined;
      const { programs } = await launchesOf(async () => {
        let t = x;
        for (let i = 0; i < 300; i++) t = t.mul(0.999).add(0.001);
        for (const o of others) t = t.add(o);
        y = t;
        await y.data();
      });
      expect(Math.max(...programs.map((p) => p.steps)), 'steps per program').toBeLessThanOrEqual(64);
      expect(Math.max(...programs.map((p) => p.inputs)), 'inputs per program').toBeLessThanOrEqual(6);
      const want = xs.map((v, i) => {
        let t = Math.fround(v);
        for (let k = 0; k < 300; k++) t = Math.fround(Math.fround(t * Math.fround(0.999)) + Math.fround(0.001));
        for (let k = 0; k < others.length; k++) t = Math.fround(t + Math.fround(data(16, 10 + k)[i]));
        return t;
      });
      expect(mismatches(await (y as Tensor).data(), want, ctx.tol('accumulation'))).toEqual([]);
      nb.tidy(() => [y as Tensor, x, ...others].forEach((t) => t.dispose()));
    });

    it('values are taken when the op is called: assigning an input afterwards changes nothing', async () => {
      const w = nb.tensor([1, 2, 3]);
      const y = w.mul(10).add(1);
      const next = nb.tensor([7, 8, 9]);
      w.assign(next);
      expect(await values(y)).toEqual([11, 21, 31]);
      expect(await values(w)).toEqual([7, 8, 9]);
      for (const t of [w, y, next]) t.dispose();
    });

    it('errors are raised at the call that is wrong, naming the op', () => {
      const a = nb.ones([2, 3]);
      const deferred = a.mul(2);
      expectThrows(() => deferred.add(nb.ones([4])), nb.ShapeError, 'add');
      const gone = a.add(1);
      gone.dispose();
      expectThrows(() => gone.mul(2), nb.DisposedError, 'mul');
      expectThrows(() => nb.setFusion('no' as unknown as boolean), nb.ArgumentError, 'setFusion');
      deferred.dispose();
      a.dispose();
    });

    it('deferred values disposed before they are read free everything; tidy leaves one buffer per result', async () => {
      const x = nb.tensor(data(8, 8), [8]);
      const tensors = nb.memory().numTensors;
      const buffers = backendBuffers();
      const bytes = nb.memory().numBytes;
      const chain = [x.exp()];
      chain.push(chain[0].mul(x));
      chain.push(chain[1].add(2));
      expect(nb.memory().numTensors).toBe(tensors + 3);
      expect(nb.memory().numBytes, 'memory() counts deferred results like computed ones').toBe(bytes + 3 * 32);
      chain.forEach((t) => t.dispose());
      expect(backendBuffers()).toBe(buffers);
      expect(nb.memory().numBytes).toBe(bytes);
      const pending = nb.pendingFusionCount();
      const kept = nb.tidy(() => x.exp().mul(x).add(2));
      expect(nb.pendingFusionCount(), 'the outermost tidy computes its result').toBe(pending);
      expect(backendBuffers()).toBe(buffers + 1);
      kept.dispose();
      expect(nb.memory().numTensors).toBe(tensors);
      expect(backendBuffers()).toBe(buffers);
      x.dispose();
    });

    it('flushFusion computes every deferred value a tensor still views', async () => {
      const x = nb.tensor([1, 2, 3]);
      const negated = x.neg();
      const ys = [x.add(1), x.mul(3), negated.exp(), negated];
      expect(nb.pendingFusionCount()).toBeGreaterThanOrEqual(3);
      // (values other tests left deferred are computed too)
      nb.flushFusion();
      expect(nb.pendingFusionCount()).toBe(0);
      expect(await values(ys[1])).toEqual([3, 6, 9]);
      for (const t of [x, ...ys]) t.dispose();
    });

    it('with fusion off every op launches its own kernel', async () => {
      nb.setFusion(false);
      expect(nb.fusionEnabled()).toBe(false);
      const x = nb.tensor([1, 2, 3]);
      const { programs } = await launchesOf(async () => {
        const pending = nb.pendingFusionCount();
        const y = x.add(1).mul(x).exp();
        expect(nb.pendingFusionCount()).toBe(pending);
        await y.data();
        y.dispose();
      });
      expect(programs.length).toBe(3);
      x.dispose();
    });

    it('a large intermediate with a transcendental read by two programs is computed once where the backend says a kernel costs less', async () => {
      const n = 8192;
      const xs = data(n, 10);
      const x = nb.tensor(xs, [n]);
      const costs = nb.getBackend().fusionCosts;
      let got: number[][] = [];
      const { programs } = await launchesOf(async () => {
        const [a, b] = nb.tidy(() => {
          const t = x.mul(1.5).tanh(); // deferred, read by the two programs below
          return [t.mul(2), t.add(1)];
        });
        got = [await values(a), await values(b)];
        a.dispose();
        b.dispose();
      });
      const t = xs.map((v) => Math.tanh(v * 1.5));
      expect(mismatches(got[0], t.map((v) => v * 2), ctx.tol('transcendental'))).toEqual([]);
      expect(mismatches(got[1], t.map((v) => v + 1), ctx.tol('transcendental'))).toEqual([]);
      // with fusion costs (CPU backends) tanh runs once into a buffer; without (GPUs) each reader recomputes it
      const once = costs !== undefined && n * (2 + (costs.floatStep - 1) - costs.buffer) > costs.kernel;
      expect(evaluations(programs, 'tanh'), `tanh evaluations (fusionCosts ${JSON.stringify(costs)})`).toBe(once ? n : 2 * n);
      expect(programs.length).toBe(once ? 3 : 2);
      x.dispose();
    });

    it('a value saved for a gradient is computed once in the forward and backward passes where the backend says so', async () => {
      const n = 8192;
      const xs = data(n, 11);
      const costs = nb.getBackend().fusionCosts;
      const x = nb.tensor(xs, [n]);
      let g: number[] = [];
      const { programs } = await launchesOf(async () => {
        // sigmoid saves its output for its gradient: the forward's product and the backward both read it
        const [dx] = grad((t: Tensor) => t.add(0.5).sigmoid().mul(t).sum())(x);
        g = await values(dx);
        dx.dispose();
      });
      const want = xs.map((v) => {
        const s = 1 / (1 + Math.exp(-(v + 0.5)));
        return s + v * s * (1 - s);
      });
      expect(mismatches(g, want, ctx.tol('transcendental'))).toEqual([]);
      const once = costs !== undefined && n * (2 + (costs.floatStep - 1) - costs.buffer) > costs.kernel;
      if (once) expect(evaluations(programs, 'sigmoid'), 'sigmoid evaluations').toBe(n);
      else expect(evaluations(programs, 'sigmoid')).toBeGreaterThanOrEqual(n);
      x.dispose();
    });

    it('an intermediate read by one program only stays inside it, however large and dear', async () => {
      const n = 8192;
      const xs = data(n, 12);
      const x = nb.tensor(xs, [n]);
      let y: Tensor | undefined;
      const { programs } = await launchesOf(async () => {
        y = x.mul(3).exp().tanh().add(x.sigmoid());
        await y.data();
      });
      expect(programs.length, 'one program').toBe(1);
      expect(mismatches(await values(y as Tensor), xs.map((v) => Math.tanh(Math.exp(v * 3)) + 1 / (1 + Math.exp(-v))), ctx.tol('transcendental'))).toEqual([]);
      y?.dispose();
      x.dispose();
    });

    it('fused programs that differ only in operand order keep their own values and keys', async () => {
      const xs = data(16, 13);
      const ys = data(16, 14);
      const x = nb.tensor(xs, [16]);
      const y = nb.tensor(ys, [16]);
      const variants: [string, (a: Tensor, b: Tensor) => Tensor, (a: number, b: number) => number][] = [
        ['2x - y', (a, b) => a.mul(2).sub(b), (a, b) => 2 * a - b],
        ['y - 2x', (a, b) => b.sub(a.mul(2)), (a, b) => b - 2 * a],
        ['2x - x', (a) => a.mul(2).sub(a), (a) => a],
        ['x - 2x', (a) => a.sub(a.mul(2)), (a) => -a],
        ['exp(2x) - y', (a, b) => a.mul(2).exp().sub(b), (a, b) => Math.exp(2 * a) - b],
      ];
      const keys = new Map<string, string[]>();
      for (let round = 0; round < 2; round++) {
        for (const [name, f, want] of variants) {
          let got: number[] = [];
          const { programs } = await launchesOf(async () => {
            const out = nb.tidy(() => f(x, y));
            got = await values(out);
            out.dispose();
          });
          expect(mismatches(got, xs.map((a, i) => want(a, ys[i])), ctx.tol('transcendental')), `${name}, round ${round}`).toEqual([]);
          keys.set(name, [...(keys.get(name) ?? []), ...programs.map((p) => p.program.key)]);
        }
      }
      const first = [...keys.values()].map((k) => k[0]);
      expect(new Set(first).size, 'a key per structure').toBe(variants.length);
      for (const [name, k] of keys) expect(k[1], `${name}: the same key again`).toBe(k[0]);
      x.dispose();
      y.dispose();
    });

    it('gradients through fused chains equal the unfused ones', async () => {
      const xs = data(10, 9);
      const run = async (fused: boolean): Promise<number[]> => {
        nb.setFusion(fused);
        const x = nb.tensor(xs, [2, 5]);
        const [g] = grad((t: Tensor) => nb.softmax(t.mul(3).tanh()).mul(t.sigmoid()).sum())(x);
        const out = await values(g);
        g.dispose();
        x.dispose();
        return out;
      };
      const off = await run(false);
      const on = await run(true);
      expect(mismatches(on, off, ctx.tol('transcendental'))).toEqual([]);
    });
  });
}
