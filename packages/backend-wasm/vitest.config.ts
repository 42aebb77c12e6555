import { nablaVitestConfig } from '@nabla/vitest-config';

// --expose-gc: the conformance suite's graph-release section collects garbage to check that dropped graphs are freed.
// testTimeout: the finite-difference checks of the LSTM and transformer layers take over 5 s (vitest's default) under load.
export default nablaVitestConfig({ test: { execArgv: ['--expose-gc'], testTimeout: 60_000 } });
