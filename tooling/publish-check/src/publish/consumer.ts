import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackedPackage } from './pack.js';
import { run } from './run.js';

/**
 * Packs the third-party runtime dependencies of the packed packages from the workspace's own
 * node_modules (what the lockfile installed) into `destination`, so a consumer installs offline.
 * Returns package name → tarball path.
 */
export function packThirdPartyDependencies(packed: readonly PackedPackage[], destination: string): Record<string, string> {
  const tarballs: Record<string, string> = {};
  for (const p of packed) {
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      if (dep.startsWith('@nabla/') || tarballs[dep] !== undefined) continue;
      const dir = realpathSync(join(p.source.dir, 'node_modules', dep));
      const out = run('npm', ['pack', dir, '--pack-destination', destination, '--ignore-scripts', '--json', '--loglevel=error'], destination, npmEnv());
      const [{ filename }] = JSON.parse(out) as [{ filename: string }];
      tarballs[dep] = join(destination, filename);
    }
  }
  return tarballs;
}

/** The environment without pnpm's npm_config_* settings, which npm must not read. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')));
}

/**
 * Creates a fresh ESM project in `dir` that depends on every packed tarball, and installs it with
 * `npm install --offline`: nothing is downloaded. `overrides` points the packages' dependencies
 * on each other (exact versions once packed) at the same local tarballs.
 */
export function installConsumer(dir: string, packed: readonly PackedPackage[], thirdParty: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const p of packed) dependencies[p.manifest.name] = `file:${p.tarball}`;
  const overrides: Record<string, string> = { ...dependencies };
  for (const [name, tarball] of Object.entries(thirdParty)) overrides[name] = `file:${tarball}`;
  const manifest = { name: 'nabla-consumer', version: '0.0.0', private: true, type: 'module', dependencies, overrides };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], dir, npmEnv());
}

/** Writes `source` to `dir/file` and runs it with Node; returns stdout. */
export function runNodeScript(dir: string, file: string, source: string): string {
  writeFileSync(join(dir, file), source);
  return run(process.execPath, [file], dir);
}
