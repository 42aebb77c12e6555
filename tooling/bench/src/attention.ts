/**
 * The attention section: fused scaledDotProductAttention against the composite reference
 * (attentionComposite, which materialises the [T, T] weights) for one causal self-attention
 * forward + backward at T = 256 per Nabla backend, and the bytes the forward leaves held for the
 * backward (O(T) fused, O(T²) composite).
 */
import { gradients } from '@nabla/autograd';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import { fmt, renderTable } from './table.js';
import { alternatingMedians } from './timing.js';
import { seededData } from './workloads.js';

/** Heads × length × head size of the measured call (q, k and v alike), causal. */
export const ATTENTION_SHAPE = { heads: 4, length: 256, headSize: 64 } as const;

type Attention = (q: Tensor, k: Tensor, v: Tensor, options: nb.AttentionOptions) => Tensor;

/** Fused vs composite on one backend. */
export interface AttentionResult {
  readonly backend: string;
  readonly compositeMs: number | null;
  readonly fusedMs: number | null;
  readonly compositeHeldBytes: number | null;
  readonly fusedHeldBytes: number | null;
  readonly note?: string;
}

function inputs(): Tensor[] {
  const { heads, length, headSize } = ATTENTION_SHAPE;
  const shape = [heads, length, headSize];
  return [1, 2, 3, 4].map((seed) => nb.tensor(seededData(heads * length * headSize, 40 + seed), shape));
}

/** One forward + backward, synchronised by reading a gradient element; returns the bytes the forward left held on `backend` (0 when null: timed runs). */
async function step(f: Attention, xs: readonly Tensor[], backend: nb.Backend | null): Promise<number> {
  let held = 0;
  const grads = nb.tidy(() => {
    const [q, k, v, w] = xs.map((x, i) => {
      if (i === 3) return x;
      const leaf = nb.mul(x, 1);
      leaf.requiresGrad = true;
      return leaf;
    });
    const before = backend?.memory().numBytes ?? 0;
    const out = f(q, k, v, { causal: true });
    held = backend ? backend.memory().numBytes - before : 0;
    return gradients(nb.sum(nb.mul(out, w)), [q, k, v]).map((g) => g ?? nb.zeros([1]));
  });
  await grads[0].data();
  for (const g of grads) g.dispose();
  return held;
}

/** Median forward + backward time of fused and composite attention on each backend. */
export async function measureAttention(backends: readonly string[]): Promise<AttentionResult[]> {
  const results: AttentionResult[] = [];
  for (const name of backends) {
    try {
      const backend = await nb.setBackend(name);
      const xs = inputs();
      const compositeHeldBytes = await step(nb.attentionComposite, xs, backend);
      const fusedHeldBytes = await step(nb.attentionFused, xs, backend);
      const [compositeMs, fusedMs] = await alternatingMedians([
        () => step(nb.attentionComposite, xs, null).then(() => undefined),
        () => step(nb.attentionFused, xs, null).then(() => undefined),
      ], { warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 6000 });
      for (const x of xs) x.dispose();
      results.push({ backend: name, compositeMs, fusedMs, compositeHeldBytes, fusedHeldBytes });
    } catch (err) {
      const note = (err instanceof Error ? err.message.split('\n')[0] : String(err)).slice(0, 200);
      results.push({ backend: name, compositeMs: null, fusedMs: null, compositeHeldBytes: null, fusedHeldBytes: null, note });
    }
  }
  return results;
}

/** The section's table: ms per forward + backward, the speed-up, and the bytes held after the forward. */
export function renderAttention(results: readonly AttentionResult[]): string {
  const { heads, length, headSize } = ATTENTION_SHAPE;
  const kib = (b: number | null): string => (b === null ? '—' : (b / 1024).toFixed(0));
  const rows = results.map((r) => [
    `nabla-${r.backend}`, fmt(r.compositeMs, 2), fmt(r.fusedMs, 2),
    fmt(r.compositeMs !== null && r.fusedMs !== null ? r.compositeMs / r.fusedMs : null, 2),
    kib(r.compositeHeldBytes), kib(r.fusedHeldBytes),
  ]);
  const notes = results.filter((r) => r.note).map((r) => `  not measured — nabla-${r.backend}: ${r.note}`);
  return [
    `causal self-attention, ${heads} heads × T ${length} × head size ${headSize}, forward + backward: ms per call (ratio = composite / fused; held = KiB the forward leaves allocated)`,
    renderTable(['backend', 'composite ms', 'fused ms', 'fused speed-up', 'composite held KiB', 'fused held KiB'], rows, 1),
    ...notes,
  ].join('\n');
}
