import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { readFileSync } from 'node:fs';

/** Resolution modes that ESM-only packages must get right (attw's `--profile esm-only`). */
const esmResolutions: ReadonlySet<string> = new Set(['node16-esm', 'bundler']);

/**
 * Runs @arethetypeswrong's checks (the engine behind `attw`) on a tarball and returns the problems
 * that `attw --profile esm-only` counts: the packages are ESM only, so CommonJS `require` and node10
 * resolution are out of scope.
 */
export async function attwTarball(tarball: string): Promise<string[]> {
  const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))));
  if (!analysis.types) return ['no types: the package ships no .d.ts files'];
  return analysis.problems
    .filter((p) => !('resolutionKind' in p) || esmResolutions.has(p.resolutionKind))
    .map((p) => `${p.kind}${'resolutionKind' in p ? ` (${p.resolutionKind})` : ''}${'entrypoint' in p ? ` at ${p.entrypoint}` : ''}`);
}
