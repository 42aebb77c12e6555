/**
 * Gradient of the fused 'attention' op: the backend's fused backward (O(L + S) memory). When the
 * gradient itself is being recorded (higher order) or the float bias needs a gradient, the same
 * formulas are written with recorded tensor-core ops instead, materialising the [B, L, S] weights.
 */
import {
  add, attentionBackward, equal, exp, isRecording, matmul, mul, slice, sub, sum, where, withoutRecording, wrap,
  type AttentionParams, type Tensor,
} from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';
import { sumToShape } from './helpers.js';

/** bool [L, S], true where key j ≤ query i, on the backend of `like`. */
function causalAllowed(like: Tensor, L: number, S: number): Tensor {
  const host = new Uint8Array(L * S);
  for (let i = 0; i < L; i++) host.fill(1, i * S, i * S + Math.min(S, i + 1));
  return wrap(like.backend, like.backend.write(host, 'bool'), [L, S], 'bool');
}

/** dq, dk, dv (and the bias gradient) from recorded ops: p = exp(s − lse), ds = p·(dO·vᵀ − D). */
function compositeGrads(q: Tensor, k: Tensor, v: Tensor, bias: Tensor | null, packed: Tensor, dPacked: Tensor, p: AttentionParams): Tensor[] {
  const [B, L, W] = packed.shape;
  const Ev = W - 1;
  const S = k.shape[1];
  let scores = matmul(mul(q, p.scale), k, { transposeB: true });
  if (bias) scores = add(scores, bias);
  if (p.causal) scores = where(causalAllowed(q, L, S), scores, -Infinity);
  const lse = slice(packed, [0, 0, Ev], [B, L, 1]);
  const dead = withoutRecording(() => equal(lse, -Infinity));
  const weights = exp(sub(scores, where(dead, 0, lse)));
  const out = slice(packed, [0, 0, 0], [B, L, Ev]);
  const dOut = slice(dPacked, [0, 0, 0], [B, L, Ev]);
  const dLse = slice(dPacked, [0, 0, Ev], [B, L, 1]);
  const D = sub(sum(mul(dOut, out), -1, { keepDims: true }), dLse);
  const dScores = mul(weights, sub(matmul(dOut, v, { transposeB: true }), D));
  const grads = [
    mul(matmul(dScores, k), p.scale),
    mul(matmul(dScores, q, { transposeA: true }), p.scale),
    matmul(weights, dOut, { transposeA: true }),
  ];
  if (bias) grads.push(sumToShape(dScores, bias.shape));
  return grads;
}

/** attention(q, k, v[, bias]) → (∂q, ∂k, ∂v[, ∂bias]). */
export const attentionRule: GradRule<'attention'> = {
  saveInputs: [0, 1, 2, 3],
  saveOutput: true,
  backward: (dy, ctx) => {
    const bias = ctx.inputShapes.length > 3 ? ctx.input(3) : null;
    const [q, k, v] = [ctx.input(0), ctx.input(1), ctx.input(2)];
    if (isRecording() || (bias !== null && ctx.needsGrad(3))) return compositeGrads(q, k, v, bias, ctx.output(), dy, ctx.attrs);
    const grads: (Tensor | null)[] = attentionBackward(q, k, v, bias, ctx.output(), dy, ctx.attrs);
    if (bias) grads.push(null);
    return grads;
  },
};
