import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@nabla/source'] },
  ssr: { resolve: { conditions: ['@nabla/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 60_000, fileParallelism: false },
});
