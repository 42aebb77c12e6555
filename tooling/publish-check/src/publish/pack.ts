import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageManifest, WorkspacePackage } from '../workspace.js';
import { run } from './run.js';

/** A packed package: its workspace source, the tarball and what the tarball holds. */
export interface PackedPackage {
  source: WorkspacePackage;
  /** Absolute path of the .tgz that `pnpm pack` wrote. */
  tarball: string;
  /** Paths inside the tarball, relative to its `package/` folder, sorted. */
  files: string[];
  /** The manifest as published (publishConfig applied, workspace: ranges replaced). */
  manifest: PackageManifest;
}

/** Runs `pnpm pack` (which applies publishConfig, as `pnpm publish` does) into `destination`. */
export function pack(source: WorkspacePackage, destination: string): PackedPackage {
  const out = run('pnpm', ['pack', '--pack-destination', destination, '--json'], source.dir);
  const { filename } = JSON.parse(out.slice(out.indexOf('{'))) as { filename: string };
  const tarball = filename.startsWith('/') ? filename : join(destination, filename);
  const files = run('tar', ['-tzf', tarball], destination)
    .split('\n')
    .filter((line) => line.length > 0 && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''))
    .sort();
  const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], destination)) as PackageManifest;
  return { source, tarball, files, manifest };
}

/** The tarball's bytes as an ArrayBuffer (what publint reads). */
export function tarballBytes(tarball: string): ArrayBuffer {
  const bytes = readFileSync(tarball);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
