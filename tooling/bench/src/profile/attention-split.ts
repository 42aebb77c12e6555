/**
 * Splits the attention section's figure: forward alone and forward + backward, fused vs composite,
 * causal self-attention (4 heads, head size 64) at several lengths on one backend, on the CPU
 * clock. Usage: `tsx --conditions=@nabla/source src/profile/attention-split.ts [backend] [T...]`.
 */
import { gradients } from '@nabla/autograd';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import { NABLA_BACKENDS } from '../nabla_contender.js';
import { alternatingMedians, useClock } from '../timing.js';
import { seededData } from '../workloads.js';

type Attention = (q: Tensor, k: Tensor, v: Tensor, options: nb.AttentionOptions) => Tensor;

async function forward(f: Attention, xs: readonly Tensor[]): Promise<void> {
  const out = nb.tidy(() => f(xs[0], xs[1], xs[2], { causal: true }));
  await out.data();
  out.dispose();
}

async function both(f: Attention, xs: readonly Tensor[]): Promise<void> {
  const grads = nb.tidy(() => {
    const [q, k, v] = xs.slice(0, 3).map((x) => {
      const leaf = nb.mul(x, 1);
      leaf.requiresGrad = true;
      return leaf;
    });
    const out = f(q, k, v, { causal: true });
    return gradients(nb.sum(nb.mul(out, xs[3])), [q, k, v]).map((g) => g ?? nb.zeros([1]));
  });
  await grads[0].data();
  for (const g of grads) g.dispose();
}

async function main(): Promise<void> {
  const [name = 'webgpu', ...rest] = process.argv.slice(2);
  const lengths = rest.length > 0 ? rest.map(Number) : [64, 128, 256, 512];
  useClock('cpu');
  const entry = NABLA_BACKENDS.find((e) => e.name === name);
  if (!entry) throw new Error(`unknown backend ${name}`);
  await entry.load();
  await nb.setBackend(name);
  console.log('T | composite fwd | fused fwd | ratio | composite fwd+bwd | fused fwd+bwd | ratio | composite bwd | fused bwd | ratio (CPU ms)');
  for (const T of lengths) {
    const xs = [1, 2, 3, 4].map((seed) => nb.tensor(seededData(4 * T * 64, 40 + seed), [4, T, 64]));
    const plan = { warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 6000 };
    const [cf, ff] = await alternatingMedians([() => forward(nb.attentionComposite, xs), () => forward(nb.attentionFused, xs)], plan);
    const [cb, fb] = await alternatingMedians([() => both(nb.attentionComposite, xs), () => both(nb.attentionFused, xs)], plan);
    const r = (a: number, b: number): string => (a / b).toFixed(2);
    console.log([T, cf.toFixed(2), ff.toFixed(2), r(cf, ff), cb.toFixed(2), fb.toFixed(2), r(cb, fb), (cb - cf).toFixed(2), (fb - ff).toFixed(2), r(cb - cf, fb - ff)].join(' | '));
    for (const x of xs) x.dispose();
  }
}

await main();
