import '@nabla/backend-js';
import {
  exp, keep, matmul, mean, memory, mul, randn, setBackend, square, sub, sum, tanh, tidy, type Tensor,
} from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GradientError, noGrad, variable } from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

/** One step of plain gradient descent: a new leaf per parameter, the old one and its grad disposed. */
function sgdStep(params: Tensor[], lr: number): Tensor[] {
  return params.map((p) => {
    const grad = p.grad;
    if (!grad) throw new Error('missing gradient');
    const updated = noGrad(() => tidy(() => sub(p, mul(grad, lr))));
    const next = variable(updated);
    updated.dispose();
    grad.dispose();
    p.dispose();
    return next;
  });
}

/** Collect garbage and let the finalizers run, a few rounds. */
async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('these tests need node --expose-gc (see vitest.config.ts)');
  for (let round = 0; round < 4; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Record `count` graphs through `w` whose outputs are disposed and dropped; some fail their backward(). */
function dropGraphs(x: Tensor, w: Tensor, count: number): void {
  for (let i = 0; i < count; i++) {
    // exp and tanh save their own outputs: such nodes used to keep themselves alive
    const out = tidy(() => exp(tanh(matmul(x, w))));
    if (i % 2 === 1) expect(() => out.backward()).toThrow(/one-element root/);
    out.dispose();
  }
}

describe('memory', () => {
  it('frees the saved tensors of graphs whose outputs became unreachable, never differentiated or after a failed backward()', async () => {
    const w = variable(randn([6, 6]));
    const x = keep(randn([3, 6]));
    await collectGarbage();
    const before = memory().numTensors;
    const bytes = memory().numBytes;
    dropGraphs(x, w, 100);
    expect(memory().numTensors).toBeGreaterThan(before); // the saved values are held until collected
    await collectGarbage();
    expect(memory().numTensors).toBe(before);
    expect(memory().numBytes).toBe(bytes);
    w.dispose();
    x.dispose();
  });

  it('keeps a graph while its output is reachable, even disposed, so a later backward still works', async () => {
    const w = variable([1, 2, 3]);
    const y = tidy(() => sum(exp(w)));
    await collectGarbage();
    y.backward();
    expect(Array.from(w.grad?.dataSync() ?? [])).toEqual([1, 2, 3].map((v) => Math.fround(Math.exp(v))));
    y.dispose();
    w.grad?.dispose();
    w.dispose();
  });

  it('keeps memory().numTensors constant over 1000 steps of forward + backward + manual update', () => {
    let params: Tensor[] = [variable(randn([4, 3], 0, 0.5)), variable(randn([3], 0, 0.1))];
    const x = keep(randn([8, 4]));
    const target = keep(randn([8, 3]));
    const counts: number[] = [];
    const losses: number[] = [];
    for (let step = 0; step < 1000; step++) {
      const [w, b] = params;
      const loss = tidy(() => mean(square(sub(tanh(matmul(x, w).add(b)), target))));
      loss.backward();
      losses.push(loss.item());
      loss.dispose();
      params = sgdStep(params, 0.1);
      counts.push(memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    expect(losses[999]).toBeLessThan(losses[0]);
    for (const t of [...params, x, target]) t.dispose();
  }, 60_000); // ~2.5 s alone; 15 s was seen under a loaded machine

  it('releases saved tensors when backward finishes, and on a second backward says the graph was freed', () => {
    const x = variable(randn([3, 3]));
    const before = memory().numTensors;
    const y = tidy(() => sum(exp(mul(x, x))));
    // exp saved its output, mul saved both inputs: the graph holds tensors now
    expect(memory().numTensors).toBeGreaterThan(before + 1);
    y.backward();
    x.grad?.dispose();
    x.grad = null;
    expect(memory().numTensors).toBe(before + 1); // only y itself
    expect(() => y.backward()).toThrow(GradientError);
    expect(() => y.backward()).toThrow(/retainGraph/);
    y.dispose();
    x.dispose();
  });

  it('retainGraph keeps the graph for a second backward, which accumulates into .grad', () => {
    const x = variable([1, 2, 3]);
    const y = sum(square(x));
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(Array.from(x.grad?.dataSync() ?? [])).toEqual([4, 8, 12]);
    y.dispose();
    x.grad?.dispose();
    x.dispose();
  });

  it('noGrad records nothing and holds no memory', () => {
    const x = variable(randn([5]));
    const before = memory().numTensors;
    const y = noGrad(() => tidy(() => sum(exp(mul(x, x)))));
    expect(memory().numTensors).toBe(before + 1);
    expect(() => y.backward()).toThrow(GradientError);
    y.dispose();
    x.dispose();
  });
});
