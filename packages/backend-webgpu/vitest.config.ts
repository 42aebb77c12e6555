import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@nabla/source'] },
  ssr: { resolve: { conditions: ['@nabla/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // lavapipe runs shaders on the CPU and the first pipeline compiles take a while.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
