import { nablaVitestConfig } from '@nabla/vitest-config';

// Browser end-to-end tests share one Chromium and one server: run files one after another.
export default nablaVitestConfig({ test: { testTimeout: 180_000, hookTimeout: 60_000, fileParallelism: false } });
