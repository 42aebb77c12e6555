// The conformance suite in headless Chromium (vitest browser mode, vitest.browser.config.ts) on the
// browser's own WebGPU (navigator.gpu; SwiftShader when the machine has no GPU), not Dawn for Node.
import { describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '@nabla/tensor-core';
import { runConformance } from '@nabla/backend-conformance';
import { WebGPUBackend } from '../src/index.js';

describe('webgpu in Chromium', () => {
  it('navigator.gpu offers an adapter and the backend runs on it', async () => {
    expect('gpu' in navigator, 'navigator.gpu (needs --enable-unsafe-webgpu and a secure context)').toBe(true);
    const adapter = await navigator.gpu.requestAdapter();
    expect(adapter, 'a WebGPU adapter').not.toBeNull();
    console.info(`[webgpu in Chromium] adapter: ${adapter?.info.vendor} ${adapter?.info.architecture}`);
    await setBackend('webgpu');
    expect(getBackend()).toBeInstanceOf(WebGPUBackend);
  });
});

runConformance({ backend: 'webgpu' });
