// Shared vitest settings for every package:
// - resolve workspace packages from their TypeScript sources (the `@nabla/source` export
//   condition), both for Vite's resolver and for vitest's SSR module loading;
// - tests live in test/**/*.test.ts;
// - besides the console report, write JSON results to .vitest/results.json so the root
//   `pnpm test` can print one "N passed, N failed" line for the whole workspace.
import { defineConfig, mergeConfig } from 'vitest/config';

const base = defineConfig({
  resolve: { conditions: ['@nabla/source'] },
  ssr: { resolve: { conditions: ['@nabla/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
  },
});

/** The shared config, merged with a package's own overrides. */
export function nablaVitestConfig(overrides = {}) {
  return mergeConfig(base, defineConfig(overrides));
}
