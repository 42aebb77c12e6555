import { nablaVitestConfig } from '@nabla/vitest-config';

// --expose-gc: the graph-release section collects garbage to check that dropped graphs are freed.
// testTimeout: the LSTM finite-difference check and the misuse sweep take 1–2 s on an idle machine
// and over 5 s (vitest's default) when the cores are shared with many other jobs.
export default nablaVitestConfig({ test: { execArgv: ['--expose-gc'], testTimeout: 60_000 } });
