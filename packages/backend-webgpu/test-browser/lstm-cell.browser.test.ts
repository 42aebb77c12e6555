// The fused LSTM cell suite in headless Chromium, on the browser's own WebGPU (SwiftShader without a
// GPU), whose shader compiler (Tint) may fold NaN where lavapipe does not.
import { afterAll } from 'vitest';
import { createWebGPUBackend } from '../src/index.js';
import { describeLstmCell } from '../test/lstm-cell-suite.js';

const backend = await createWebGPUBackend();
afterAll(async () => {
  await backend.flush();
  backend.destroy();
});

describeLstmCell(backend);
