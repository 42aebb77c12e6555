import { nablaVitestConfig } from '@nabla/vitest-config';

// Building the site (typedoc over every package, esbuild bundles) takes a minute on two shared cores.
export default nablaVitestConfig({ test: { testTimeout: 400_000, hookTimeout: 400_000 } });
