import { nablaVitestConfig } from '@nabla/vitest-config';

export default nablaVitestConfig();
