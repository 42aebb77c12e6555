/** Gzip budget of the core bundle (tensor-core + autograd + layers + optim + backend-js), in bytes. */
export const coreGzipBudget = 100 * 1024;

/**
 * Gzip budgets of the lazy backend chunks, in bytes, keyed by package folder. The wasm chunk holds
 * one kernel binary (base64) whose memory import is made shared or plain at load.
 */
export const lazyGzipBudget: Readonly<Record<string, number>> = {
  'packages/backend-wasm': 45 * 1024,
  'packages/backend-webgpu': 64 * 1024,
};
