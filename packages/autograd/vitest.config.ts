import { nablaVitestConfig } from '@nabla/vitest-config';

// --expose-gc: the memory tests collect garbage to check that dropped graphs are freed.
export default nablaVitestConfig({ test: { execArgv: ['--expose-gc'] } });
