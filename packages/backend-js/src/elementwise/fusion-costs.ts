/** What fusion weighs on this backend before recomputing a shared value (tensor-core's fusion/recompute.ts). */
import type { FusionCosts } from '@nabla/tensor-core';

/**
 * In f32 adds per element of a generated loop (process CPU time): an add ≈3 ns, exp, sigmoid and
 * tanh 7–13 ns (≈3 adds), one more elementwise kernel ≈5 µs of dispatch and allocation (≈1,500
 * adds), a buffer written and read back ≈1 add per element.
 */
export const JS_FUSION_COSTS: FusionCosts = { kernel: 1_500, buffer: 1, floatStep: 3 };
