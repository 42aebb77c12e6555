/** What fusion weighs on this backend before recomputing a shared value (tensor-core's fusion/recompute.ts). */
import type { FusionCosts } from '@nabla/tensor-core';

/**
 * In f32 adds per element on one thread (process CPU time): an add ≈0.23 ns, exp, sigmoid and
 * tanh 1.7–2.6 ns (≈8 adds), one more elementwise kernel ≈3 µs of dispatch (≈12,000 adds), a
 * buffer written and read back ≈2 adds per element.
 */
export const WASM_FUSION_COSTS: FusionCosts = { kernel: 12_000, buffer: 2, floatStep: 8 };
