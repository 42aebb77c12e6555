// Shared browser-mode plumbing for the backends' Chromium runs:
// - `nablaBrowserConfig` runs test-browser/**/*.browser.test.ts in the system's headless Chromium
//   (CHROMIUM_PATH, default /usr/bin/chromium) through playwright, downloading nothing, and writes
//   JSON results to .vitest/results-browser.json for the root summary;
// - `runBrowserTests` starts that run from a package's `pnpm test`, skipping (and saying why) when
//   there is no Chromium, except under CI, where a missing browser fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';

/** The Chromium the browser tests drive. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** The shared browser-mode config (extra Chromium flags appended), merged with a package's own overrides. */
export function nablaBrowserConfig({ chromiumArgs = [], ...overrides } = {}) {
  const base = defineConfig({
    resolve: { conditions: ['@nabla/source'] },
    test: {
      include: ['test-browser/**/*.browser.test.ts'],
      reporters: ['default', ['json', { outputFile: '.vitest/results-browser.json' }]],
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...chromiumArgs] },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  });
  return mergeConfig(base, defineConfig(overrides));
}

/** Runs `vitest run --config vitest.browser.config.ts` in the current package and exits with its status. */
export function runBrowserTests(args = process.argv.slice(2)) {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    const message = `browser tests: no Chromium at ${executablePath} (install Debian's chromium or set CHROMIUM_PATH)`;
    if (process.env.CI) {
      console.error(`${message}; failing because CI is set`);
      process.exit(1);
    }
    console.warn(`${message}; skipped`);
    process.exit(0);
  }
  const packageRequire = createRequire(join(process.cwd(), 'package.json'));
  const vitest = join(dirname(packageRequire.resolve('vitest/package.json')), 'vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.browser.config.ts', ...args], {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  process.exit(run.status ?? 1);
}
