import { nablaVitestConfig } from '@nabla/vitest-config';

// lavapipe compiles and runs shaders on the (shared) CPU: pipeline compiles can take seconds.
export default nablaVitestConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
