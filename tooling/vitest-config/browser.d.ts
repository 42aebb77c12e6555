import type { ViteUserConfig } from 'vitest/config';

/** The Chromium the browser tests drive (CHROMIUM_PATH, default /usr/bin/chromium). */
export declare function chromiumPath(): string;

/** Options of {@link nablaBrowserConfig}: extra Chromium flags plus any vitest config overrides. */
export interface NablaBrowserConfigOptions extends ViteUserConfig {
  /** Flags appended to the shared headless Chromium flags. */
  chromiumArgs?: string[];
}

/** The shared browser-mode config (extra Chromium flags appended), merged with a package's own overrides. */
export declare function nablaBrowserConfig(options?: NablaBrowserConfigOptions): ViteUserConfig;

/** Runs `vitest run --config vitest.browser.config.ts` in the current package and exits with its status. */
export declare function runBrowserTests(args?: string[]): never;
