import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestMetadataProblems, readmeLinkProblems, repositoryUrl } from '../src/publish/registry-metadata.js';
import { publicPackages } from '../src/workspace.js';

const sources = publicPackages();

describe('the registry-page checks themselves', () => {
  it('flag a bare manifest and a README with relative and dangling repository links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-meta-'));
    writeFileSync(join(dir, 'README.md'), `See [docs](../../docs/x.md), [ex](examples), [ok](#usage), [gone](${repositoryUrl()}/blob/main/no/such/file.md) and [npm](https://www.npmjs.com/).\n`);
    const pkg = { dir, manifest: { name: '@nabla/bare', version: '0.0.0' } };
    expect(manifestMetadataProblems(pkg)).toHaveLength(9);
    expect(readmeLinkProblems(pkg)).toEqual([
      'relative link ../../docs/x.md', 'relative link examples', `link to a missing repository path ${repositoryUrl()}/blob/main/no/such/file.md`,
    ]);
  });
});

describe.each(sources.map((s) => [s.manifest.name, s] as const))('%s on the registry', (_name, pkg) => {
  it('has complete package.json metadata (engines, keywords, repository with directory, homepage, bugs, license, sideEffects)', () => {
    expect(manifestMetadataProblems(pkg)).toEqual([]);
  });

  it('has a README that stands alone: no relative links, repository links that resolve', () => {
    expect(readmeLinkProblems(pkg)).toEqual([]);
  });
});
