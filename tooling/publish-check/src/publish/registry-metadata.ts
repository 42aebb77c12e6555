import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { linkTargets } from '../docs/markdown.js';
import { readManifest, repoRoot, type WorkspacePackage } from '../workspace.js';

/** The repository URL every package names (the root package.json's `repository.url`). */
export function repositoryUrl(): string {
  const url = readManifest(repoRoot).repository?.url;
  if (url === undefined) throw new Error('the root package.json has no repository.url');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** What a registry page needs that a package's manifest lacks or gets wrong. */
export function manifestMetadataProblems(pkg: WorkspacePackage): string[] {
  const m = pkg.manifest;
  const repo = repositoryUrl();
  const folder = relative(repoRoot, pkg.dir);
  const problems: string[] = [];
  if (!m.description || m.description.length < 20) problems.push('description missing or too short');
  if (!m.keywords?.includes('nabla') || m.keywords.length < 3) problems.push('keywords missing (at least "nabla" and two more)');
  if (m.license !== 'MIT') problems.push(`license ${String(m.license)}, expected MIT`);
  if (!/^>=\s*20/.test(m.engines?.node ?? '')) problems.push(`engines.node ${String(m.engines?.node)}, expected >=20.x`);
  if (m.repository?.url !== `git+${repo}.git`) problems.push(`repository.url ${String(m.repository?.url)}, expected git+${repo}.git`);
  if (m.repository?.directory !== folder) problems.push(`repository.directory ${String(m.repository?.directory)}, expected ${folder}`);
  if (m.homepage !== `${repo}/tree/main/${folder}#readme`) problems.push(`homepage ${String(m.homepage)}, expected ${repo}/tree/main/${folder}#readme`);
  if (m.bugs?.url !== `${repo}/issues`) problems.push(`bugs.url ${String(m.bugs?.url)}, expected ${repo}/issues`);
  if (typeof m.sideEffects !== 'boolean' && !Array.isArray(m.sideEffects)) problems.push('sideEffects not declared');
  return problems;
}

/**
 * Links in a package README that break on the registry page: relative ones (the README is shown
 * without the repository around it) and absolute ones into this repository that name a missing path.
 */
export function readmeLinkProblems(pkg: WorkspacePackage): string[] {
  const repo = repositoryUrl();
  const problems: string[] = [];
  for (const target of linkTargets(join(pkg.dir, 'README.md'))) {
    if (target.startsWith('#')) continue;
    if (!/^(https?|mailto):/.test(target)) {
      problems.push(`relative link ${target}`);
      continue;
    }
    const inRepo = new RegExp(`^${repo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:blob|tree)/main/([^#?]+)`).exec(target);
    if (inRepo && !existsSync(join(repoRoot, decodeURIComponent(inRepo[1] ?? '')))) problems.push(`link to a missing repository path ${target}`);
  }
  return problems;
}
