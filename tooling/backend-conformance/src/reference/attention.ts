/** Scaled dot-product attention in float64, by the textbook formula with explicit loops. */
import { numel, unravel, type NdArray } from './ndarray.js';

/** What masks the reference attention: a bool mask (non-zero = may attend) or an additive float mask, either broadcastable to [..., L, S]. */
export interface ReferenceAttentionOptions {
  readonly mask?: NdArray;
  readonly maskKind?: 'bool' | 'float';
  readonly causal?: boolean;
  readonly scale?: number;
  /** Multipliers applied to the softmax weights (dropout), shape [...batch, L, S]. */
  readonly weightMultipliers?: NdArray;
}

/** Value of `x` at `coords` of a bigger shape it broadcasts to (right-aligned, size-1 dims repeat). */
function broadcastAt(x: NdArray, coords: readonly number[]): number {
  const offset = coords.length - x.shape.length;
  let index = 0;
  for (let i = 0; i < x.shape.length; i++) index = index * x.shape[i] + (x.shape[i] === 1 ? 0 : coords[offset + i]);
  return x.data[index];
}

function batchShape(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length - 2));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const j = i - (rank - (s.length - 2));
      if (j >= 0 && s[j] !== 1) d = s[j];
    }
    out.push(d);
  }
  return out;
}

/**
 * softmax(q·kᵀ·scale + mask)·v with q [..., L, E], k [..., S, E], v [..., S, Ev] → [..., L, Ev];
 * a row with every key masked gives 0 (PyTorch's safe softmax).
 */
export function attention(q: NdArray, k: NdArray, v: NdArray, options: ReferenceAttentionOptions = {}): NdArray {
  const L = q.shape[q.shape.length - 2];
  const E = q.shape[q.shape.length - 1];
  const S = k.shape[k.shape.length - 2];
  const Ev = v.shape[v.shape.length - 1];
  const batch = batchShape([q.shape, k.shape, v.shape]);
  const scale = options.scale ?? 1 / Math.sqrt(E);
  const out = new Float64Array(numel(batch) * L * Ev);
  for (let b = 0; b < numel(batch); b++) {
    const bc = unravel(b, batch);
    for (let i = 0; i < L; i++) {
      const scores: number[] = [];
      for (let j = 0; j < S; j++) {
        let s = 0;
        for (let e = 0; e < E; e++) s += broadcastAt(q, [...bc, i, e]) * broadcastAt(k, [...bc, j, e]);
        s *= scale;
        let allowed = !(options.causal && j > i);
        if (options.mask) {
          const m = broadcastAt(options.mask, [...bc, i, j]);
          if (options.maskKind === 'bool') allowed = allowed && m !== 0;
          else s += m;
        }
        scores.push(allowed ? s : -Infinity);
      }
      const top = Math.max(...scores);
      const e = scores.map((s) => (top === -Infinity ? 0 : Math.exp(s - top)));
      const total = e.reduce((a, x) => a + x, 0);
      const w = e.map((x, j) => {
        const p = total === 0 ? 0 : x / total;
        return options.weightMultipliers ? p * broadcastAt(options.weightMultipliers, [...bc, i, j]) : p;
      });
      for (let c = 0; c < Ev; c++) {
        let acc = 0;
        for (let j = 0; j < S; j++) acc += w[j] * broadcastAt(v, [...bc, j, c]);
        out[(b * L + i) * Ev + c] = acc;
      }
    }
  }
  return { shape: [...batch, L, Ev], data: out };
}
