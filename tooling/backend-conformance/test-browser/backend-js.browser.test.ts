// The conformance suite (ops against the reference, gradients against finite differences,
// fusion, attention, layers) on the plain-JavaScript backend in headless Chromium: the same suite
// the Node run (test/backend-js.test.ts) and the wasm and webgpu browser runs use.
import { describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '@nabla/tensor-core';
import { JsBackend } from '@nabla/backend-js';
import { runConformance } from '../src/index.js';

describe('js in Chromium', () => {
  it('runs in a browser page (no Node globals) on the js backend', async () => {
    expect(typeof window).toBe('object');
    expect(typeof (globalThis as { process?: unknown }).process === 'object' && 'versions' in (globalThis as { process: object }).process).toBe(false);
    await setBackend('js');
    expect(getBackend()).toBeInstanceOf(JsBackend);
  });
});

runConformance({ backend: 'js' });
