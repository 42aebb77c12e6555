// The conformance suite in headless Debian Chromium through vitest browser mode (run by
// scripts/test-browser.mjs as part of `pnpm test`). Nothing is downloaded: playwright drives the
// system browser at CHROMIUM_PATH (default /usr/bin/chromium) with --enable-unsafe-webgpu, so the
// backend runs on the browser's navigator.gpu (Chromium's SwiftShader adapter on a machine
// without a GPU).
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@nabla/source'] },
  test: {
    include: ['test-browser/**/*.browser.test.ts'],
    // SwiftShader compiles and runs shaders on the (shared) CPU: pipeline compiles can take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: '.vitest/results-browser.json' }]],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
