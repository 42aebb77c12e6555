import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fields of a package.json that the release checks read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  exports?: Record<string, unknown>;
  publishConfig?: { exports?: Record<string, unknown> } & Record<string, unknown>;
  keywords?: string[];
  license?: string;
  homepage?: string;
  repository?: { type?: string; url?: string; directory?: string };
  bugs?: { url?: string };
  engines?: Record<string, string>;
  sideEffects?: boolean | string[];
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** One workspace package: its folder and parsed manifest. */
export interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
}

/** Absolute path of the monorepo root (two folders above this package). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Reads the manifest of the package in `dir`. */
export function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** Every package under packages/ that is published (not `private`), sorted by name. */
export function publicPackages(): WorkspacePackage[] {
  const base = join(repoRoot, 'packages');
  return readdirSync(base)
    .map((folder) => join(base, folder))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter((p) => p.manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** The subpaths (".", "./node", ...) a package exports once published. */
export function exportedSubpaths(manifest: PackageManifest): string[] {
  const exportsField = manifest.publishConfig?.exports ?? manifest.exports ?? { '.': null };
  return Object.keys(exportsField).filter((key) => key.startsWith('.'));
}
