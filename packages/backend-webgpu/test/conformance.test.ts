/** The shared backend conformance suite, run through tensor-core on the 'webgpu' backend. */
import { runConformance } from '@nabla/backend-conformance';
import { describe, it } from 'vitest';
import '../src/index.js';
import { acquireBackend } from './gpu.js';

const probe = await acquireBackend();

if (probe === null) {
  describe('backend conformance: webgpu', () => {
    it.skip('needs a WebGPU adapter', () => undefined);
  });
} else {
  runConformance({ backend: 'webgpu' });
}
