import { nablaVitestConfig } from '@nabla/vitest-config';

// lavapipe compiles and runs shaders on the (shared) CPU: pipeline compiles can take seconds.
// --expose-gc: the conformance suite's graph-release section collects garbage to check that dropped graphs are freed.
export default nablaVitestConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000, execArgv: ['--expose-gc'] } });
