// `pnpm release --dry-run` (issue 19 point 6): changeset version in a copy of the workspace writes
// each package's CHANGELOG and version, then every versioned tarball passes publint and attw and
// `npm publish --dry-run`. The repository's pending changesets stay where they are.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/publish/run.js';
import { releaseDryRun, type ReleaseDryRun } from '../src/release/dry-run.js';
import { publicPackages, repoRoot } from '../src/workspace.js';

/** The pending changesets, read independently of changesets' own parser: packages named and the summary. */
function pendingChangesets(): { packages: string[]; summary: string }[] {
  const dir = join(repoRoot, '.changeset');
  return readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => {
    const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(join(dir, f), 'utf8')) ?? [];
    return { packages: [...front.matchAll(/^["']?(@nabla\/[^"':]+)["']?\s*:/gm)].map((m) => m[1] ?? ''), summary: body.trim() };
  });
}

const work = mkdtempSync(join(tmpdir(), 'nabla-release-test-'));
const pending = pendingChangesets();
let release: ReleaseDryRun;

beforeAll(async () => {
  release = await releaseDryRun(work);
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pnpm release --dry-run', () => {
  it('consumes the pending changesets in a copy and leaves the repository\'s in place', () => {
    expect(release.changesets).toBe(pending.length);
    expect(pendingChangesets()).toEqual(pending);
  });

  it('covers every published package', () => {
    expect(release.packages.map((p) => p.name)).toEqual(publicPackages().map((p) => p.manifest.name));
  });

  describe.each(publicPackages().map((p) => p.manifest.name))('%s', (name) => {
    const candidate = () => release.packages.find((p) => p.name === name);

    it('gets a CHANGELOG.md with its new version and every changeset that names it', () => {
      const c = candidate();
      const named = pending.filter((cs) => cs.packages.includes(name));
      if (named.length === 0) return expect(c?.to).toBe(c?.from);
      expect(c?.to).not.toBe(c?.from);
      expect(c?.changelog?.split('\n')[0]).toBe(`# ${name}`);
      expect(c?.changelog).toContain(`## ${c?.to ?? ''}`);
      for (const cs of named) expect(c?.changelog).toContain(cs.summary.split('\n')[0]);
    });

    it('packs with its workspace dependencies pinned to their new versions', () => {
      const c = candidate();
      const manifest = JSON.parse(run('tar', ['-xzOf', c?.tarball ?? '', 'package/package.json'], work)) as { version: string; dependencies?: Record<string, string> };
      expect(manifest.version).toBe(c?.to);
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dep.startsWith('@nabla/')) expect(range, dep).toBe(release.packages.find((p) => p.name === dep)?.to);
      }
    });

    it('passes publint and attw and `npm publish --dry-run` at the new version', () => {
      const c = candidate();
      expect(c?.problems).toEqual([]);
      expect(c?.published).toBe(`${name}@${c?.to ?? ''}`);
    });
  });
});
