import { cpSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installConsumer, packThirdPartyDependencies } from '../publish/consumer.js';
import { pack, type PackedPackage } from '../publish/pack.js';
import { publicPackages } from '../workspace.js';

const fixture = fileURLToPath(new URL('../../fixtures/bundler-page', import.meta.url));
const here = dirname(fileURLToPath(import.meta.url));

/** Packages the Next.js build needs from the project, linked from this package's own install. */
const nextPackages = ['next', 'react', 'react-dom'] as const;

/** A fresh project with every Nabla tarball installed and the matrix page's sources. */
export interface MatrixProject {
  dir: string;
  packed: PackedPackage[];
}

/**
 * Packs every public package (`pnpm pack`, as published), installs the tarballs into a fresh
 * project at `dir` with `npm install --offline`, copies the matrix page into it and links Next.js
 * and React (pinned devDependencies of this package) into its node_modules for the Next build.
 */
export function createMatrixProject(dir: string): MatrixProject {
  const tarballs = join(dir, '..', 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const packed = publicPackages().map((source) => pack(source, tarballs));
  installConsumer(dir, packed, packThirdPartyDependencies(packed, tarballs));
  cpSync(fixture, dir, { recursive: true });
  cpSync(join(dir, 'app.js'), join(dir, 'next-app', 'app.js'));
  writeFileSync(join(dir, 'next-app', 'package.json'), `${JSON.stringify({ name: 'nabla-matrix-next', private: true }, null, 2)}\n`);
  const require = createRequire(join(here, 'project.ts'));
  for (const name of nextPackages) {
    symlinkSync(realpathSync(dirname(require.resolve(`${name}/package.json`))), join(dir, 'node_modules', name), 'dir');
  }
  return { dir, packed };
}
