// Runs the browser tests (vitest.browser.config.ts) in headless Chromium; without a Chromium it
// skips and says why, except under CI (see @nabla/vitest-config/browser).
import { runBrowserTests } from '@nabla/vitest-config/browser';

runBrowserTests();
