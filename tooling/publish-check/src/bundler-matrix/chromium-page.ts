import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { PageResult } from './page-result.js';

/** Debian's Chromium (CHROMIUM_PATH overrides). */
export const chromiumPath: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Null when Chromium can run here, else why not. */
export function chromiumMissingReason(): string | null {
  return existsSync(chromiumPath) ? null : `no Chromium at ${chromiumPath} (scripts/setup-system.sh installs it; CHROMIUM_PATH overrides)`;
}

/** Headless Chromium with WebGPU allowed (software adapter where the machine has no GPU). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--enable-unsafe-webgpu'],
  });
}

/** What one page load produced: its result (or null on a timeout) and the errors it printed. */
export interface PageRun {
  result: PageResult | null;
  errors: string[];
}

/** Opens `url`, waits for `globalThis.nablaMatrixResult` and collects console errors and uncaught exceptions. */
export async function runPage(browser: Browser, url: string, timeoutMs: number): Promise<PageRun> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  try {
    await page.goto(url);
    const handle = await page.waitForFunction(() => (globalThis as { nablaMatrixResult?: unknown }).nablaMatrixResult, null, { timeout: timeoutMs });
    return { result: (await handle.jsonValue()) as PageResult, errors };
  } catch (error) {
    errors.push(`no result: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return { result: null, errors };
  } finally {
    await page.close();
  }
}
