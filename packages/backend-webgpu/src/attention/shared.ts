/**
 * What the fused attention kernels (forward.ts, backward.ts) share: shapes, the parameter block,
 * pipeline variant keys and the WGSL constants with the biased-score helper.
 *
 * Parameters: [B, L, S, scale, biasStrideB, biasStrideL, biasStrideS, E, Ev]; the packed output and
 * its gradient are [B, L, Ev + 1] (row, then logsumexp).
 *
 * The head sizes E and Ev come twice: as WGSL constants (array sizes) and as parameters p[7], p[8],
 * which every loop over the features takes as its trip count (`FEATURE_BOUNDS`). With constant
 * bounds LLVM-based drivers unroll the loops of small head sizes completely, and each of lavapipe's
 * per-lane memory accesses then becomes a copy of its lane loop: the E 16 and E 32 shaders took ~3×
 * the compile time of E 64 that way.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import { ParamBlock } from '../runtime/params.js';

/** WGSL: the head sizes as loop bounds the shader compiler cannot unroll (see the file comment). */
export const FEATURE_BOUNDS = 'let ne = p[7]; let nev = p[8];';

/** 0, 1, …, n − 1: the owned rows or staged steps a kernel's WGSL is written out for. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);

/** Batch (times heads), query length, key length, query/key and value head sizes. */
export interface Shape {
  readonly B: number;
  readonly L: number;
  readonly S: number;
  readonly E: number;
  readonly Ev: number;
}

/** The attention shape of q [B, L, E], k [B, S, E] and v [B, S, Ev]. */
export function shapeOf(q: GPUInput, k: GPUInput, v: GPUInput): Shape {
  return { B: q.shape[0], L: q.shape[1], S: k.shape[1], E: q.shape[2], Ev: v.shape[2] };
}

/** The parameter block every attention kernel reads. */
export function params(s: Shape, bias: GPUInput | null, p: AttentionParams): Uint32Array<ArrayBuffer> {
  let strides = [0, 0, 0];
  if (bias) {
    const [bb, lb, sb] = bias.shape;
    strides = [bb === 1 ? 0 : lb * sb, lb === 1 ? 0 : sb, sb === 1 ? 0 : 1];
  }
  return new ParamBlock().u32(s.B, s.L, s.S).f32(p.scale).u32(...strides, s.E, s.Ev).toArray();
}

/** What a compiled pipeline depends on beyond its parameters. */
export function variant(s: Shape, bias: GPUInput | null, p: AttentionParams): string {
  return `E${s.E}:Ev${s.Ev}:${p.causal ? 'causal' : 'full'}:${bias ? 'bias' : 'nobias'}`;
}

/** WGSL constants and the biased score helper shared by the attention kernels. */
export function common(s: Shape, hasBias: boolean): string {
  return /* wgsl */ `
const E = ${s.E}u;
const EV = ${s.Ev}u;
const W = ${s.Ev + 1}u;
fn bias_at(b: u32, i: u32, j: u32) -> f32 {
  ${hasBias ? 'return bias[b * p[4] + i * p[5] + j * p[6]];' : 'return 0.0;'}
}`;
}

/** The optional additive mask's binding. */
export function biasBinding(hasBias: boolean): [string, string][] {
  return hasBias ? [['bias', 'f32']] : [];
}
