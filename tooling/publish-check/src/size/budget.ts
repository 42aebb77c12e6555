/** Gzip budget of the core bundle (tensor-core + autograd + layers + optim + backend-js), in bytes. */
export const coreGzipBudget = 100 * 1024;

/** Gzip budgets of the lazy backend chunks, in bytes, keyed by package folder. */
export const lazyGzipBudget: Readonly<Record<string, number>> = {
  'packages/backend-wasm': 96 * 1024,
  'packages/backend-webgpu': 64 * 1024,
};
