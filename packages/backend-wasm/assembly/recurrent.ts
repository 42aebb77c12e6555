// The fused LSTM cell (tensor-core's Backend.lstmCell and lstmCellBackward), one row of B at a time.
// gates [B, 4H] = [a_i | a_f | a_o | a_g], state [B, 2H] = [h | c], out [B, 2H] = [h' | c'].
// The activations i = σ(a_i), f = σ(a_f), o = σ(a_o), g = tanh(a_g) and t = tanh(c') are computed by
// the elementwise interpreter's own unary loops (generated/ops.ts, op codes from the JS side), so
// they are exactly the backend's sigmoid and tanh and the module holds no second copy of them; the
// rest is a few multiply-adds per column (float32: 4 lanes at a time, the last 1-3 columns in the
// scalar loop, which computes the same products in the same order):
//   forward:  c' = f·c + i·g, h' = o·t;
//   backward: dc = dc' + dh·o·(1 − t²),
//             dGates = [dc·g·i(1 − i) | dc·c·f(1 − f) | dh·t·o(1 − o) | dc·i(1 − g²)], dState = [0 | dc·f].
// The backward keeps the activations in its dGates row and t in its dState row's h half, overwriting
// both in place; the forward keeps them in a per-thread scratch row of 4H elements.
import { partStart, partEnd } from './partition';
import { unaryF32, unaryF64 } from './generated/ops';

/** Unary op `op` on n lanes of T (f32 or f64) at px into po. */
@inline
function unary<T>(op: i32, px: usize, po: usize, n: i32): void {
  if (sizeof<T>() == 4) unaryF32(op, px, po, n);
  else unaryF64(op, px, po, n);
}

/** Whether T is f32, whose full vectors of 4 columns take the SIMD loops. */
@inline
function simd<T>(): bool {
  return sizeof<T>() == 4;
}

/**
 * One forward row: a = the gates row, s = the state row, o = the out row, acts = 4H lanes of
 * scratch; w = bytes of H lanes.
 */
function forwardRow<T>(a: usize, s: usize, o: usize, acts: usize, H: i32, w: usize, sigmoidOp: i32, tanhOp: i32): void {
  unary<T>(sigmoidOp, a, acts, 3 * H);
  unary<T>(tanhOp, a + 3 * w, acts + 3 * w, H);
  let j = 0;
  if (simd<T>()) {
    for (; j + 4 <= H; j += 4) {
      const p = acts + (<usize>j << 2);
      const c = v128.load(s + w + (<usize>j << 2));
      v128.store(o + w + (<usize>j << 2), f32x4.add(f32x4.mul(v128.load(p + w), c), f32x4.mul(v128.load(p), v128.load(p + 3 * w))));
    }
  }
  for (; j < H; j++) {
    const p = acts + (<usize>j << alignof<T>());
    store<T>(o + w + (<usize>j << alignof<T>()), load<T>(p + w) * load<T>(s + w + (<usize>j << alignof<T>())) + load<T>(p) * load<T>(p + 3 * w));
  }
  // h' = o · tanh(c'), the tanh written straight into the h' half
  unary<T>(tanhOp, o + w, o, H);
  j = 0;
  if (simd<T>()) {
    for (; j + 4 <= H; j += 4) {
      const at = <usize>j << 2;
      v128.store(o + at, f32x4.mul(v128.load(acts + 2 * w + at), v128.load(o + at)));
    }
  }
  for (; j < H; j++) {
    const at = <usize>j << alignof<T>();
    store<T>(o + at, load<T>(acts + 2 * w + at) * load<T>(o + at));
  }
}

/**
 * One backward row: a = gates, s = state, o = out, d = dOut, dg = dGates, ds = dState rows;
 * w = bytes of H lanes.
 */
function backwardRow<T>(a: usize, s: usize, o: usize, d: usize, dg: usize, ds: usize, H: i32, w: usize, sigmoidOp: i32, tanhOp: i32): void {
  unary<T>(sigmoidOp, a, dg, 3 * H);
  unary<T>(tanhOp, a + 3 * w, dg + 3 * w, H);
  unary<T>(tanhOp, o + w, ds, H);
  let j = 0;
  if (simd<T>()) {
    const one = f32x4.splat(1);
    for (; j + 4 <= H; j += 4) {
      const at = <usize>j << 2;
      const p = dg + at;
      const i = v128.load(p), f = v128.load(p + w), og = v128.load(p + 2 * w), g = v128.load(p + 3 * w);
      const t = v128.load(ds + at);
      const dh = v128.load(d + at);
      const dc = f32x4.add(v128.load(d + w + at), f32x4.mul(f32x4.mul(dh, og), f32x4.sub(one, f32x4.mul(t, t))));
      v128.store(p, f32x4.mul(f32x4.mul(dc, g), f32x4.mul(i, f32x4.sub(one, i))));
      v128.store(p + w, f32x4.mul(f32x4.mul(dc, v128.load(s + w + at)), f32x4.mul(f, f32x4.sub(one, f))));
      v128.store(p + 2 * w, f32x4.mul(f32x4.mul(dh, t), f32x4.mul(og, f32x4.sub(one, og))));
      v128.store(p + 3 * w, f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one, f32x4.mul(g, g))));
      v128.store(ds + at, f32x4.splat(0));
      v128.store(ds + w + at, f32x4.mul(dc, f));
    }
  }
  for (; j < H; j++) {
    const at = <usize>j << alignof<T>();
    const p = dg + at;
    const i = load<T>(p), f = load<T>(p + w), og = load<T>(p + 2 * w), g = load<T>(p + 3 * w);
    const t = load<T>(ds + at);
    const dh = load<T>(d + at);
    const dc = load<T>(d + w + at) + dh * og * (<T>1 - t * t);
    store<T>(p, dc * g * (i * (<T>1 - i)));
    store<T>(p + w, dc * load<T>(s + w + at) * (f * (<T>1 - f)));
    store<T>(p + 2 * w, dh * t * (og * (<T>1 - og)));
    store<T>(p + 3 * w, dc * i * (<T>1 - g * g));
    store<T>(ds + at, <T>0);
    store<T>(ds + w + at, dc * f);
  }
}

function forward<T>(gates: usize, state: usize, out: usize, scratch: usize, B: i32, H: i32, sigmoidOp: i32, tanhOp: i32, tid: i32, nt: i32): void {
  const w = <usize>H << alignof<T>();
  const acts = scratch + <usize>tid * (w << 2);
  for (let r = partStart(B, tid, nt); r < partEnd(B, tid, nt); r++) {
    forwardRow<T>(gates + <usize>r * (w << 2), state + <usize>r * (w << 1), out + <usize>r * (w << 1), acts, H, w, sigmoidOp, tanhOp);
  }
}

function backward<T>(gates: usize, state: usize, out: usize, dOut: usize, dGates: usize, dState: usize, B: i32, H: i32, sigmoidOp: i32, tanhOp: i32, tid: i32, nt: i32): void {
  const w = <usize>H << alignof<T>();
  for (let r = partStart(B, tid, nt); r < partEnd(B, tid, nt); r++) {
    const rg = <usize>r * (w << 2);
    const rs = <usize>r * (w << 1);
    backwardRow<T>(gates + rg, state + rs, out + rs, dOut + rs, dGates + rg, dState + rs, H, w, sigmoidOp, tanhOp);
  }
}

const F64 = 3;

/**
 * out [B, 2H] = [h' | c'] of the LSTM cell for this thread's share of the B rows. `dtype`: 0
 * float32, 3 float64; `sigmoidOp`, `tanhOp`: the unary op codes of σ and tanh; `scratch`: 4H
 * elements per thread.
 */
export function lstm_cell_forward(dtype: i32, gates: usize, state: usize, out: usize, scratch: usize, B: i32, H: i32, sigmoidOp: i32, tanhOp: i32, tid: i32, nt: i32): void {
  if (dtype == F64) forward<f64>(gates, state, out, scratch, B, H, sigmoidOp, tanhOp, tid, nt);
  else forward<f32>(gates, state, out, scratch, B, H, sigmoidOp, tanhOp, tid, nt);
}

/**
 * dGates [B, 4H] and dState [B, 2H] of the LSTM cell for this thread's share of the rows, from
 * gates, state, the forward's out and its gradient dOut [B, 2H] = [dh' | dc'] (as lstm_cell_forward).
 */
export function lstm_cell_backward(dtype: i32, gates: usize, state: usize, out: usize, dOut: usize, dGates: usize, dState: usize, B: i32, H: i32, sigmoidOp: i32, tanhOp: i32, tid: i32, nt: i32): void {
  if (dtype == F64) backward<f64>(gates, state, out, dOut, dGates, dState, B, H, sigmoidOp, tanhOp, tid, nt);
  else backward<f32>(gates, state, out, dOut, dGates, dState, B, H, sigmoidOp, tanhOp, tid, nt);
}
