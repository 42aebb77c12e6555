import type { ViteUserConfig as UserConfig } from 'vitest/config';

/** The shared config, merged with a package's own overrides. */
export declare function nablaVitestConfig(overrides?: UserConfig): UserConfig;
