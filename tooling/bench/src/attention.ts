/**
 * The attention section: fused scaledDotProductAttention against the composite reference
 * (attentionComposite, which materialises the [T, T] weights) for one causal self-attention
 * forward + backward at T = 64, 128 and 256 per Nabla backend, and the bytes the forward leaves
 * held for the backward (O(T) fused, O(T²) composite).
 */
import { gradients } from '@nabla/autograd';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import { fmt, renderTable } from './table.js';
import { alternatingMedians } from './timing.js';
import { seededData } from './workloads.js';

/** Heads × length × head size of the measured call (q, k and v alike), causal; the target is at length 256. */
export const ATTENTION_SHAPE = { heads: 4, length: 256, headSize: 64 } as const;

/** The sequence lengths measured (the last one is ATTENTION_SHAPE.length, the target's). */
export const ATTENTION_LENGTHS = [64, 128, ATTENTION_SHAPE.length] as const;

type Attention = (q: Tensor, k: Tensor, v: Tensor, options: nb.AttentionOptions) => Tensor;

/** Fused vs composite on one backend. */
export interface AttentionResult {
  readonly backend: string;
  /** Sequence length T (L = S). */
  readonly length: number;
  readonly compositeMs: number | null;
  readonly fusedMs: number | null;
  readonly compositeHeldBytes: number | null;
  readonly fusedHeldBytes: number | null;
  readonly note?: string;
}

function inputs(length: number): Tensor[] {
  const { heads, headSize } = ATTENTION_SHAPE;
  const shape = [heads, length, headSize];
  return [1, 2, 3, 4].map((seed) => nb.tensor(seededData(heads * length * headSize, 40 + seed), shape));
}

/** One forward + backward, synchronised by reading a gradient element. */
async function step(f: Attention, xs: readonly Tensor[]): Promise<void> {
  const grads = nb.tidy(() => {
    const [q, k, v, w] = xs.map((x, i) => {
      if (i === 3) return x;
      const leaf = nb.mul(x, 1);
      leaf.requiresGrad = true;
      return leaf;
    });
    const out = f(q, k, v, { causal: true });
    return gradients(nb.sum(nb.mul(out, w)), [q, k, v]).map((g) => g ?? nb.zeros([1]));
  });
  await grads[0].data();
  for (const g of grads) g.dispose();
}

/** Bytes the forward of `f` leaves allocated on `backend` (what it keeps for the backward plus its output), inputs already resident. */
function heldBytes(f: Attention, xs: readonly Tensor[], backend: nb.Backend): number {
  const [q, k, v] = xs;
  for (const x of [q, k, v]) x.requiresGrad = true;
  try {
    return nb.tidy(() => {
      const before = backend.memory().numBytes;
      f(q, k, v, { causal: true });
      return backend.memory().numBytes - before;
    });
  } finally {
    for (const x of [q, k, v]) x.requiresGrad = false;
  }
}

/** Median forward + backward time of fused and composite attention on each backend at each length. */
export async function measureAttention(backends: readonly string[], lengths: readonly number[] = ATTENTION_LENGTHS): Promise<AttentionResult[]> {
  const results: AttentionResult[] = [];
  for (const name of backends) {
    for (const length of lengths) {
      try {
        const backend = await nb.setBackend(name);
        const xs = inputs(length);
        for (const x of xs) await x.data();
        const compositeHeldBytes = heldBytes(nb.attentionComposite, xs, backend);
        const fusedHeldBytes = heldBytes(nb.attentionFused, xs, backend);
        const [compositeMs, fusedMs] = await alternatingMedians([
          () => step(nb.attentionComposite, xs),
          () => step(nb.attentionFused, xs),
        ], { warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 6000 });
        for (const x of xs) x.dispose();
        results.push({ backend: name, length, compositeMs, fusedMs, compositeHeldBytes, fusedHeldBytes });
      } catch (err) {
        const note = (err instanceof Error ? err.message.split('\n')[0] : String(err)).slice(0, 200);
        results.push({ backend: name, length, compositeMs: null, fusedMs: null, compositeHeldBytes: null, fusedHeldBytes: null, note });
      }
    }
  }
  return results;
}

/** The section's table: ms per forward + backward, the speed-up, and the bytes held after the forward. */
export function renderAttention(results: readonly AttentionResult[]): string {
  const { heads, headSize } = ATTENTION_SHAPE;
  const kib = (b: number | null): string => (b === null ? '—' : (b / 1024).toFixed(0));
  const rows = results.map((r) => [
    `nabla-${r.backend}`, String(r.length), fmt(r.compositeMs, 2), fmt(r.fusedMs, 2),
    fmt(r.compositeMs !== null && r.fusedMs !== null ? r.compositeMs / r.fusedMs : null, 2),
    kib(r.compositeHeldBytes), kib(r.fusedHeldBytes),
  ]);
  const notes = results.filter((r) => r.note).map((r) => `  not measured — nabla-${r.backend} T ${r.length}: ${r.note}`);
  return [
    `causal self-attention, ${heads} heads × T × head size ${headSize}, forward + backward: ms per call (ratio = composite / fused; held = KiB the forward leaves allocated: its output and what it keeps for the backward)`,
    renderTable(['backend', 'T', 'composite ms', 'fused ms', 'fused speed-up', 'composite held KiB', 'fused held KiB'], rows, 1),
    ...notes,
  ].join('\n');
}
