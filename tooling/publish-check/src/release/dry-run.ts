import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { attwTarball } from '../publish/attw.js';
import { pack } from '../publish/pack.js';
import { publintTarball } from '../publish/publint.js';
import { run } from '../publish/run.js';
import { publicPackages, readManifest, repoRoot } from '../workspace.js';
import { copyWorkspace } from './workspace-copy.js';

/** What the dry run found for one published package. */
export interface ReleaseCandidate {
  name: string;
  /** Version before and after `changeset version`. */
  from: string;
  to: string;
  /** The CHANGELOG.md `changeset version` wrote, or null when it wrote none. */
  changelog: string | null;
  tarball: string;
  /** publint (strict) and attw (ESM profile) findings on the versioned tarball. */
  problems: string[];
  /** The `name@version` line `npm publish --dry-run` reported. */
  published: string;
}

/** The result of a release dry run: the pending changesets it consumed (in the copy) and each package. */
export interface ReleaseDryRun {
  changesets: number;
  packages: ReleaseCandidate[];
}

/** The environment without pnpm's npm_config_* settings, which npm must not read. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')));
}

function pendingChangesets(dir: string): string[] {
  return readdirSync(join(dir, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
}

/**
 * `pnpm release --dry-run`: in a copy of the workspace under `work` (the repository keeps its
 * changesets), runs `changeset version` (versions, per-package CHANGELOG.md, dependents' ranges),
 * then packs every published package with pnpm, checks the tarball with publint and attw, and
 * runs `npm publish --dry-run` on it. Needs built dist/ folders (`pnpm build`).
 */
export async function releaseDryRun(work: string): Promise<ReleaseDryRun> {
  const copy = join(work, 'workspace');
  copyWorkspace(copy);
  const changesets = pendingChangesets(copy).length;
  const before = new Map(publicPackages().map((p) => [p.manifest.name, p.manifest.version]));
  const changesetBin = join(createRequire(join(repoRoot, 'package.json')).resolve('@changesets/cli/package.json'), '..', 'bin.js');
  run(process.execPath, [changesetBin, 'version'], copy);
  const tarballs = join(work, 'tarballs');
  const packages: ReleaseCandidate[] = [];
  for (const source of publicPackages()) {
    const dir = join(copy, relative(repoRoot, source.dir));
    const manifest = readManifest(dir);
    const packed = pack({ dir, manifest }, tarballs);
    const changelogPath = join(dir, 'CHANGELOG.md');
    const out = run('npm', ['publish', '--dry-run', '--access', 'public', '--tag', 'dry-run', '--loglevel=notice', packed.tarball], work, npmEnv());
    packages.push({
      name: manifest.name,
      from: before.get(manifest.name) ?? '?',
      to: manifest.version,
      changelog: existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : null,
      tarball: packed.tarball,
      problems: [...(await publintTarball(packed.tarball)), ...(await attwTarball(packed.tarball))],
      published: /\+ (\S+@\S+)/.exec(out)?.[1] ?? out.trim().split('\n').pop() ?? '',
    });
  }
  return { changesets, packages };
}
