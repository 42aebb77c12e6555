// The conformance suite in headless Debian Chromium through vitest browser mode (run by
// scripts/test-browser.mjs as part of `pnpm test`). Nothing is downloaded: playwright drives the
// system browser at CHROMIUM_PATH (default /usr/bin/chromium) with --enable-unsafe-webgpu, so the
// backend runs on the browser's navigator.gpu (Chromium's SwiftShader adapter on a machine
// without a GPU).
import { nablaBrowserConfig } from '@nabla/vitest-config/browser';

export default nablaBrowserConfig({
  chromiumArgs: ['--enable-unsafe-webgpu'],
  test: {
    // SwiftShader compiles and runs shaders on the (shared) CPU: pipeline compiles can take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
