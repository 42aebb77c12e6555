// Browser I/O in headless Debian Chromium (vitest browser mode, run by scripts/test-browser.mjs as
// part of `pnpm test`): pixels from real DOM images and back onto canvases, checkpoints in
// IndexedDB and as downloads/uploads. Nothing is downloaded (system Chromium).
import { nablaBrowserConfig } from '@nabla/vitest-config/browser';

export default nablaBrowserConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
