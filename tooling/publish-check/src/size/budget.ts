/** Gzip budget of the core bundle (tensor-core + autograd + layers + optim + backend-js), in bytes. */
export const coreGzipBudget = 100 * 1024;

/**
 * Gzip budgets of the lazy backend chunks, in bytes, keyed by package folder. The wasm chunk holds
 * one kernel binary (base64) whose memory import is made shared or plain at load. Its budget went
 * from 45 to 46 KB on 2026-12-06 (45.2 KB): the SIMD float32 erf made the GPT's training step
 * 1.5–1.7× faster, and calling kernels with written-out arguments removed 0.8 KB of garbage per call.
 */
export const lazyGzipBudget: Readonly<Record<string, number>> = {
  'packages/backend-wasm': 46 * 1024,
  'packages/backend-webgpu': 64 * 1024,
};
