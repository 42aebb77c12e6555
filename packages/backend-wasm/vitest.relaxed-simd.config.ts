// The relaxed-SIMD overlay in Node 20, where relaxed SIMD is behind a V8 flag: the kernel suites
// that reach the overlay (matmul, convolution, the conformance suite) and the selection tests run
// with --experimental-wasm-relaxed-simd. Chromium enables relaxed SIMD by default, so the browser
// run (vitest.browser.config.ts) covers it there. Built with defineConfig rather than
// nablaVitestConfig because merging would append this include list to the default one.
import { defineConfig } from 'vitest/config';

/** Node 22 and later enable relaxed SIMD by default (and may drop the flag). */
const flag = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-wasm-relaxed-simd'] : [];

export default defineConfig({
  resolve: { conditions: ['@nabla/source'] },
  ssr: { resolve: { conditions: ['@nabla/source'] } },
  test: {
    include: ['test/relaxed-simd.test.ts', 'test/matmul.test.ts', 'test/convolution.test.ts', 'test/conformance.test.ts'],
    execArgv: ['--expose-gc', ...flag],
    testTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: '.vitest/results-relaxed-simd.json' }]],
  },
});
