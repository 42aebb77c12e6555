import { nablaVitestConfig } from '@nabla/vitest-config';

// --expose-gc: the conformance suite's graph-release section collects garbage to check that dropped graphs are freed.
export default nablaVitestConfig({ test: { execArgv: ['--expose-gc'] } });
