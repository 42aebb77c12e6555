import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readManifest, repoRoot, type PackageManifest } from '../workspace.js';

/** Folders whose subfolders are workspace packages (pnpm-workspace.yaml). */
const workspaceFolders = ['packages', 'apps', 'tooling'] as const;
/** What a published package's tarball is made from, besides package.json. */
const publishedFiles = ['README.md', 'LICENSE', 'CHANGELOG.md', 'dist'] as const;

/**
 * Copies what `changeset version` and `pnpm pack` read into `dest`: the root manifest, the
 * workspace file, .changeset/, every workspace package's package.json, and for the published
 * packages their README, LICENSE, CHANGELOG and built dist/. The root node_modules is linked, not
 * copied (changesets resolves its changelog generator from there), and each published package gets
 * node_modules links to the copies of its workspace dependencies, which is where `pnpm pack` reads
 * the versions that replace `workspace:` ranges. The repository itself is not touched.
 */
export function copyWorkspace(dest: string): void {
  const copies = new Map<string, string>();
  mkdirSync(dest, { recursive: true });
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(repoRoot, file), join(dest, file));
  cpSync(join(repoRoot, '.changeset'), join(dest, '.changeset'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dest, 'node_modules'), 'dir');
  for (const folder of workspaceFolders) {
    for (const name of readdirSync(join(repoRoot, folder))) {
      const source = join(repoRoot, folder, name);
      if (!existsSync(join(source, 'package.json'))) continue;
      const target = join(dest, folder, name);
      mkdirSync(target, { recursive: true });
      cpSync(join(source, 'package.json'), join(target, 'package.json'));
      copies.set(readManifest(source).name, target);
      if (readManifest(source).private === true) continue;
      for (const file of publishedFiles) {
        if (existsSync(join(source, file))) cpSync(join(source, file), join(target, file), { recursive: true });
      }
    }
  }
  for (const dir of copies.values()) {
    const manifest = readManifest(dir) as PackageManifest & { devDependencies?: Record<string, string> };
    if (manifest.private === true) continue;
    const ranges = { ...manifest.devDependencies, ...manifest.peerDependencies, ...manifest.dependencies };
    for (const [name, range] of Object.entries(ranges)) {
      const copy = copies.get(name);
      if (!range.startsWith('workspace:') || copy === undefined) continue;
      mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
      symlinkSync(copy, join(dir, 'node_modules', name), 'dir');
    }
  }
}
