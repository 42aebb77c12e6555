// The conformance suite in headless Debian Chromium through vitest browser mode (run by
// scripts/test-browser.mjs as part of `pnpm test`). Nothing is downloaded: playwright drives the
// system browser at CHROMIUM_PATH (default /usr/bin/chromium). The dev server sends COOP/COEP so
// the page is cross-origin isolated and the backend can share memory with its Web Workers.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  resolve: { conditions: ['@nabla/source'] },
  server: { headers: isolation },
  test: {
    include: ['test-browser/**/*.browser.test.ts'],
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
          args: ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
