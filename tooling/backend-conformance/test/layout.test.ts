// The three backends share one layout (issue 17.7): kebab-case file names, and under src/ one
// folder per family of Backend methods — the sections of tensor-core's backend.ts — with the same
// names in backend-js, backend-wasm and backend-webgpu. This keeps a kernel findable by its
// section in every backend; a new section or a stray file name fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BACKENDS = ['backend-js', 'backend-wasm', 'backend-webgpu'];

/** backend.ts's section headers (`// ---- data movement ----`) mapped to the family folder names. */
const SECTION_FOLDERS: Readonly<Record<string, string>> = {
  storage: 'storage',
  elementwise: 'elementwise',
  reductions: 'reduce',
  'linear algebra': 'matmul',
  'data movement': 'movement',
  sorting: 'sort',
  attention: 'attention',
  'convolution and pooling': 'conv+pool',
};

function sections(): string[] {
  const source = readFileSync(join(ROOT, 'packages/tensor-core/src/backend.ts'), 'utf8');
  return [...source.matchAll(/^\s*\/\/ -{4} ([a-z ]+?)(?: \(.*\))? -+$/gm)].map((m) => m[1]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('backend layout', () => {
  it("backend.ts's sections are the known families", () => {
    expect(sections()).toEqual(Object.keys(SECTION_FOLDERS));
  });

  for (const backend of BACKENDS) {
    it(`${backend}: one src/ folder per family, all of them present`, () => {
      const folders = readdirSync(join(ROOT, 'packages', backend, 'src')).filter((n) => statSync(join(ROOT, 'packages', backend, 'src', n)).isDirectory());
      const families = Object.values(SECTION_FOLDERS).flatMap((f) => f.split('+'));
      // backend-js sorts with kernel-kit's argsortLines directly in js-backend.ts: no sort/ folder
      const expected = families.filter((f) => backend === 'backend-js' ? f !== 'sort' : true);
      for (const family of expected) expect(folders, `${backend}/src/${family}`).toContain(family);
    });

    it(`${backend}: kebab-case file and folder names`, () => {
      const pkg = join(ROOT, 'packages', backend);
      const names = ['src', 'test'].flatMap((d) => filesUnder(join(pkg, d))).map((p) => relative(pkg, p)).filter((p) => !p.startsWith('src/generated/'));
      const bad = names.filter((p) => p.split('/').some((part) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/.test(part)));
      expect(bad).toEqual([]);
    });
  }
});
