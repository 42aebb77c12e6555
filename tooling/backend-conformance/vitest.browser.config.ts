// The conformance suite on the js backend in headless Debian Chromium through vitest browser mode
// (run by scripts/test-browser.mjs as part of `pnpm test`), beside the wasm and webgpu backends'
// own browser runs. Nothing is downloaded: playwright drives the system browser at CHROMIUM_PATH
// (default /usr/bin/chromium).
import { nablaBrowserConfig } from '@nabla/vitest-config/browser';

export default nablaBrowserConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
