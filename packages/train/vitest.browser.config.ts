// fit in headless Debian Chromium (vitest browser mode, run by scripts/test-browser.mjs as part of
// `pnpm test`): on the page's main thread and inside a Web Worker, where there is no setImmediate
// and fit yields through a MessageChannel. Nothing is downloaded (system Chromium).
import { nablaBrowserConfig } from '@nabla/vitest-config/browser';

export default nablaBrowserConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
