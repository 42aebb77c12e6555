import { nablaVitestConfig } from '@nabla/vitest-config';

// Packing, installing and building from tarballs takes tens of seconds on two shared cores.
export default nablaVitestConfig({ test: { testTimeout: 240_000, hookTimeout: 240_000 } });
