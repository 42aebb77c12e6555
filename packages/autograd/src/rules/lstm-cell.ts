/**
 * Gradient of the fused 'lstmCell' op: the backend's fused backward. When the gradient itself is
 * being recorded (higher order), the same formulas are written with recorded tensor-core ops.
 */
import { add, concat, isRecording, lstmCellBackward, mul, sigmoid, slice, sub, tanh, zerosLike, type Tensor } from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';

/** (∂gates, ∂state) from recorded ops, the activations and c' recomputed from the inputs. */
function compositeGrads(gates: Tensor, state: Tensor, dOut: Tensor): [Tensor, Tensor] {
  const [B, G] = gates.shape;
  const H = G / 4;
  const part = (t: Tensor, k: number): Tensor => slice(t, [0, k * H], [B, H]);
  const [i, f, o] = [0, 1, 2].map((k) => sigmoid(part(gates, k)));
  const g = tanh(part(gates, 3));
  const c = part(state, 1);
  const t = tanh(add(mul(f, c), mul(i, g)));
  const dh = part(dOut, 0);
  const dc = add(part(dOut, 1), mul(mul(dh, o), sub(1, mul(t, t))));
  const dGates = concat([
    mul(mul(dc, g), mul(i, sub(1, i))),
    mul(mul(dc, c), mul(f, sub(1, f))),
    mul(mul(dh, t), mul(o, sub(1, o))),
    mul(mul(dc, i), sub(1, mul(g, g))),
  ], 1);
  return [dGates, concat([zerosLike(dh), mul(dc, f)], 1)];
}

/** lstmCell(gates, state) → (∂gates, ∂state). */
export const lstmCellRule: GradRule<'lstmCell'> = {
  saveInputs: [0, 1],
  saveOutput: true,
  backward: (dy, ctx) => {
    const [gates, state] = [ctx.input(0), ctx.input(1)];
    if (isRecording()) return compositeGrads(gates, state, dy);
    return lstmCellBackward(gates, state, ctx.output(), dy);
  },
};
