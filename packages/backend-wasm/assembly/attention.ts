// Fused scaled dot-product attention and its backward (FlashAttention's online softmax and
// recomputation), SIMD float32 dot products and row updates, scalar float64.
// Geometry block (i32): [B, L, S, E, Ev, biasStrideB, biasStrideL, biasStrideS, causal, hasBias].
// q [B, L, E], k [B, S, E], v [B, S, Ev]; packed output [B, L, Ev + 1] = output row, logsumexp.
import { partStart, partEnd } from './partition';

/** Keys scored per block before the running max and sum are rescaled. */
const KEY_BLOCK: i32 = 32;
/** Bytes of per-thread scratch the forward needs (one block of f64 scores). */
export function attention_scratch_bytes(): i32 {
  return KEY_BLOCK * 8;
}

@inline function geo(g: usize, i: i32): i32 { return load<i32>(g + (<usize>i << 2)); }

/** Σ a[i]·b[i] over n elements, accumulated in f64 (float32: four SIMD lanes, two accumulators). */
@inline
function dot<T>(a: usize, b: usize, n: i32): f64 {
  if (sizeof<T>() == 4) {
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    let i = 0;
    for (; i + 8 <= n; i += 8) {
      const off = <usize>i << 2;
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + off), v128.load(b + off)));
      acc1 = f32x4.add(acc1, f32x4.mul(v128.load(a + off, 16), v128.load(b + off, 16)));
    }
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + off), v128.load(b + off)));
    }
    const acc = f32x4.add(acc0, acc1);
    let s = <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) + <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
    for (; i < n; i++) s += <f64>load<f32>(a + (<usize>i << 2)) * <f64>load<f32>(b + (<usize>i << 2));
    return s;
  }
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += <f64>load<T>(a + <usize>i * sizeof<T>()) * <f64>load<T>(b + <usize>i * sizeof<T>());
  return s;
}

/** y[i] = y[i]·c + w·x[i] over n elements. */
@inline
function scaleAdd<T>(y: usize, c: f64, w: f64, x: usize, n: i32): void {
  if (sizeof<T>() == 4) {
    const vc = f32x4.splat(<f32>c);
    const vw = f32x4.splat(<f32>w);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(y + off, f32x4.add(f32x4.mul(v128.load(y + off), vc), f32x4.mul(v128.load(x + off), vw)));
    }
    for (; i < n; i++) {
      const off = <usize>i << 2;
      store<f32>(y + off, <f32>(<f64>load<f32>(y + off) * c + w * <f64>load<f32>(x + off)));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const off = <usize>i * sizeof<T>();
    store<T>(y + off, <T>(<f64>load<T>(y + off) * c + w * <f64>load<T>(x + off)));
  }
}

/** y[i] = y[i]·c over n elements (c = 0 clears, whatever y held). */
@inline
function scaleRow<T>(y: usize, c: f64, n: i32): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i * sizeof<T>();
    store<T>(y + off, c == 0 ? <T>0 : <T>(<f64>load<T>(y + off) * c));
  }
}

/** eˣ: the float32 routine for float32 tensors (several times cheaper), the float64 one otherwise. */
@inline
function expOf<T>(x: f64): f64 {
  if (sizeof<T>() == 4) return <f64>Mathf.exp(<f32>x);
  return Math.exp(x);
}

/** Scaled, biased score of query row (b, i) against key j; −∞ when blocked. */
@inline
function score<T>(q: usize, k: usize, bias: usize, g: usize, scale: f64, b: i32, i: i32, j: i32): f64 {
  const L = geo(g, 1), S = geo(g, 2), E = geo(g, 3);
  const size = <usize>sizeof<T>();
  let s = dot<T>(q + <usize>((b * L + i) * E) * size, k + <usize>((b * S + j) * E) * size, E) * scale;
  if (bias != 0) s += <f64>load<T>(bias + <usize>(b * geo(g, 5) + i * geo(g, 6) + j * geo(g, 7)) * size);
  return s;
}

function forward<T>(q: usize, k: usize, v: usize, bias: usize, out: usize, g: usize, scratch: usize, scale: f64, tid: i32, nt: i32): void {
  const L = geo(g, 1), S = geo(g, 2), Ev = geo(g, 4);
  const causal = geo(g, 8) != 0;
  const size = <usize>sizeof<T>();
  const scores = scratch + <usize>(tid * KEY_BLOCK * 8);
  const rows = geo(g, 0) * L;
  for (let r = partStart(rows, tid, nt); r < partEnd(rows, tid, nt); r++) {
    const b = r / L, i = r % L;
    const row = out + <usize>(r * (Ev + 1)) * size;
    scaleRow<T>(row, 0, Ev);
    let m: f64 = -Infinity;
    let l: f64 = 0;
    const end = causal ? min(S, i + 1) : S;
    for (let j0 = 0; j0 < end; j0 += KEY_BLOCK) {
      const n = min(KEY_BLOCK, end - j0);
      let blockMax: f64 = -Infinity;
      for (let jj = 0; jj < n; jj++) {
        const s = score<T>(q, k, bias, g, scale, b, i, j0 + jj);
        store<f64>(scores + (<usize>jj << 3), s);
        if (s > blockMax) blockMax = s;
      }
      if (blockMax == -Infinity) continue;
      if (blockMax > m) {
        const c = expOf<T>(m - blockMax);
        l *= c;
        scaleRow<T>(row, c, Ev);
        m = blockMax;
      }
      for (let jj = 0; jj < n; jj++) {
        const s = load<f64>(scores + (<usize>jj << 3));
        if (s == -Infinity) continue;
        const w = expOf<T>(s - m);
        l += w;
        scaleAdd<T>(row, 1, w, v + <usize>((b * S + j0 + jj) * Ev) * size, Ev);
      }
    }
    if (l > 0) {
      scaleRow<T>(row, 1 / l, Ev);
      store<T>(row + <usize>Ev * size, <T>(m + Math.log(l)));
    } else {
      store<T>(row + <usize>Ev * size, <T>-Infinity);
    }
  }
}

/** Pass 1 of the backward, split over query rows: D = Σ dO·O − dlse (into `dRows`, f64) and dq. */
function backwardQueries<T>(q: usize, k: usize, v: usize, bias: usize, out: usize, dOut: usize, g: usize, dRows: usize, dq: usize, scale: f64, tid: i32, nt: i32): void {
  const L = geo(g, 1), S = geo(g, 2), E = geo(g, 3), Ev = geo(g, 4);
  const causal = geo(g, 8) != 0;
  const size = <usize>sizeof<T>();
  const rows = geo(g, 0) * L;
  for (let r = partStart(rows, tid, nt); r < partEnd(rows, tid, nt); r++) {
    const b = r / L, i = r % L;
    const o = out + <usize>(r * (Ev + 1)) * size;
    const dO = dOut + <usize>(r * (Ev + 1)) * size;
    const dqRow = dq + <usize>(r * E) * size;
    scaleRow<T>(dqRow, 0, E);
    const D = dot<T>(dO, o, Ev) - <f64>load<T>(dO + <usize>Ev * size);
    store<f64>(dRows + (<usize>r << 3), D);
    const lse = <f64>load<T>(o + <usize>Ev * size);
    if (lse == -Infinity) continue;
    const end = causal ? min(S, i + 1) : S;
    for (let j = 0; j < end; j++) {
      const s = score<T>(q, k, bias, g, scale, b, i, j);
      if (s == -Infinity) continue;
      const w = expOf<T>(s - lse);
      const dp = dot<T>(dO, v + <usize>((b * S + j) * Ev) * size, Ev);
      scaleAdd<T>(dqRow, 1, w * (dp - D) * scale, k + <usize>((b * S + j) * E) * size, E);
    }
  }
}

/** Pass 2 of the backward, split over key rows: dk and dv, reading D from pass 1. */
function backwardKeys<T>(q: usize, k: usize, v: usize, bias: usize, out: usize, dOut: usize, g: usize, dRows: usize, dk: usize, dv: usize, scale: f64, tid: i32, nt: i32): void {
  const L = geo(g, 1), S = geo(g, 2), E = geo(g, 3), Ev = geo(g, 4);
  const causal = geo(g, 8) != 0;
  const size = <usize>sizeof<T>();
  const rows = geo(g, 0) * S;
  for (let r = partStart(rows, tid, nt); r < partEnd(rows, tid, nt); r++) {
    const b = r / S, j = r % S;
    const dkRow = dk + <usize>(r * E) * size;
    const dvRow = dv + <usize>(r * Ev) * size;
    const vRow = v + <usize>(r * Ev) * size;
    scaleRow<T>(dkRow, 0, E);
    scaleRow<T>(dvRow, 0, Ev);
    for (let i = causal ? j : 0; i < L; i++) {
      const qr = b * L + i;
      const lse = <f64>load<T>(out + <usize>(qr * (Ev + 1) + Ev) * size);
      if (lse == -Infinity) continue;
      const s = score<T>(q, k, bias, g, scale, b, i, j);
      if (s == -Infinity) continue;
      const w = expOf<T>(s - lse);
      const dO = dOut + <usize>(qr * (Ev + 1)) * size;
      const dp = dot<T>(dO, vRow, Ev);
      scaleAdd<T>(dvRow, 1, w, dO, Ev);
      scaleAdd<T>(dkRow, 1, w * (dp - load<f64>(dRows + (<usize>qr << 3))) * scale, q + <usize>(qr * E) * size, E);
    }
  }
}

/** Fused attention forward (dtype 0 float32, 3 float64); query rows split between threads. */
export function attention_forward(dtype: i32, q: usize, k: usize, v: usize, bias: usize, out: usize, g: usize, scratch: usize, scale: f64, tid: i32, nt: i32): void {
  if (dtype == 3) forward<f64>(q, k, v, bias, out, g, scratch, scale, tid, nt);
  else forward<f32>(q, k, v, bias, out, g, scratch, scale, tid, nt);
}

/** Backward pass 1 (dq and the per-row D); query rows split between threads. */
export function attention_backward_queries(dtype: i32, q: usize, k: usize, v: usize, bias: usize, out: usize, dOut: usize, g: usize, dRows: usize, dq: usize, scale: f64, tid: i32, nt: i32): void {
  if (dtype == 3) backwardQueries<f64>(q, k, v, bias, out, dOut, g, dRows, dq, scale, tid, nt);
  else backwardQueries<f32>(q, k, v, bias, out, dOut, g, dRows, dq, scale, tid, nt);
}

/** Backward pass 2 (dk, dv); key rows split between threads. */
export function attention_backward_keys(dtype: i32, q: usize, k: usize, v: usize, bias: usize, out: usize, dOut: usize, g: usize, dRows: usize, dk: usize, dv: usize, scale: f64, tid: i32, nt: i32): void {
  if (dtype == 3) backwardKeys<f64>(q, k, v, bias, out, dOut, g, dRows, dk, dv, scale, tid, nt);
  else backwardKeys<f32>(q, k, v, bias, out, dOut, g, dRows, dk, dv, scale, tid, nt);
}
