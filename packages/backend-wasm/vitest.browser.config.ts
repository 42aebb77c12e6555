// The conformance suite in headless Debian Chromium through vitest browser mode (run by
// scripts/test-browser.mjs as part of `pnpm test`). Nothing is downloaded: playwright drives the
// system browser at CHROMIUM_PATH (default /usr/bin/chromium). The dev server sends COOP/COEP so
// the page is cross-origin isolated and the backend can share memory with its Web Workers.
import { nablaBrowserConfig } from '@nabla/vitest-config/browser';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default nablaBrowserConfig({
  server: { headers: isolation },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
