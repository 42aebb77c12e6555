/**
 * L1 regularisation as a proximal step (TF Playground's behaviour: L1 drives weights to exactly 0).
 * After each update, w ← sign(w)·max(0, |w| − t) with t = learning rate × L1 rate, the soft
 * threshold that minimises t·|w| + ½(w − w_updated)². A subgradient step λ·sign(w) instead makes
 * small weights hop around 0 without ever reaching it.
 */
import { noGrad } from '@nabla/autograd';
import { tidy, type Tensor } from '@nabla/tensor-core';

/** Soft-threshold every tensor in place by `threshold` (≥ 0): |w| ≤ threshold becomes exactly 0. */
export function softThreshold(weights: readonly Tensor[], threshold: number): void {
  if (!(threshold > 0)) return;
  noGrad(() => tidy(() => {
    // w − clip(w, −t, t) = sign(w)·max(0, |w| − t), and exactly w − w = 0 inside [−t, t]
    for (const w of weights) w.assign(w.sub(w.clip(-threshold, threshold)));
  }));
}
