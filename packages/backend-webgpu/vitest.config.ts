import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@nabla/source'] },
  ssr: { resolve: { conditions: ['@nabla/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // lavapipe compiles and runs shaders on the (shared) CPU: pipeline compiles can take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
