import { nablaVitestConfig } from '@nabla/vitest-config';

// lavapipe compiles and runs shaders on the (shared) CPU: pipeline compiles can take seconds.
// --expose-gc: the conformance suite's graph-release section collects garbage to check that dropped graphs are freed.
// The finite-difference gradient checks of the recurrent layers take over 60 s there under heavy load.
export default nablaVitestConfig({ test: { testTimeout: 180_000, hookTimeout: 60_000, execArgv: ['--expose-gc'] } });
