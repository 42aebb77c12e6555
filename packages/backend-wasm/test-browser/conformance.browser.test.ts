// The conformance suite in headless Chromium (vitest browser mode, vitest.browser.config.ts): the
// page is cross-origin isolated (COOP/COEP headers), so the backend runs on Web Workers over shared
// memory exactly as an application page would.
import { describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '@nabla/tensor-core';
import { runConformance } from '@nabla/backend-conformance';
import { WasmBackend } from '../src/index.js';

describe('wasm in Chromium', () => {
  it('the page is cross-origin isolated and the backend runs on at least 2 threads', async () => {
    expect(globalThis.crossOriginIsolated, 'crossOriginIsolated (COOP/COEP headers)').toBe(true);
    await setBackend('wasm');
    const backend = getBackend();
    expect(backend).toBeInstanceOf(WasmBackend);
    expect((backend as WasmBackend).numThreads).toBeGreaterThanOrEqual(2);
  });

  it('Chromium enables relaxed SIMD, so GEMM and convolutions run the relaxed_madd overlay (in the workers too: the suite below checks their results)', async () => {
    await setBackend('wasm');
    expect((getBackend() as WasmBackend).kernelVariant).toBe('relaxed-simd');
  });
});

runConformance({ backend: 'wasm' });
