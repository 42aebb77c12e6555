// Runs the browser tests (vitest.browser.config.ts) in headless Chromium. Without a Chromium at
// CHROMIUM_PATH (default /usr/bin/chromium) it skips and says why, except under CI, where a missing
// browser fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  const message = `browser tests: no Chromium at ${executablePath} (install Debian's chromium or set CHROMIUM_PATH)`;
  if (process.env.CI) {
    console.error(`${message}; failing because CI is set`);
    process.exit(1);
  }
  console.warn(`${message}; skipped`);
  process.exit(0);
}
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.browser.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
process.exit(run.status ?? 1);
