// The three backends share one layout (issue 17.7): kebab-case file names, and under src/ one
// folder per family of Backend methods — the sections of tensor-core's backend.ts — with the same
// names in backend-js, backend-wasm and backend-webgpu. This keeps a kernel findable by its
// section in every backend; a new section or a stray file name fails here. backend-wasm's
// AssemblyScript kernels in assembly/ are named after the same families, and every backend's kernel
// tests are test/<family>[-<aspect>].test.ts.
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
  'recurrent cells': 'recurrent',
  'convolution and pooling': 'conv+pool',
};

function sections(): string[] {
  const source = readFileSync(join(ROOT, 'packages/tensor-core/src/backend.ts'), 'utf8');
  return [...source.matchAll(/^\s*\/\/ -{4} ([a-z ]+?)(?: \(.*\))? -+$/gm)].map((m) => m[1]);
}

/**
 * backend-wasm's AssemblyScript files that are not a family's kernels: the module entry points and
 * the helpers every kernel file shares (SIMD lanes, thread partitioning, strided walks, math).
 */
const WASM_ASSEMBLY_MACHINERY = ['index', 'relaxed', 'lanes', 'partition', 'strided', 'scalar-math', 'vector-math'];

/** Families whose kernels every backend tests in its own test/<family>[-<aspect>].test.ts. */
const TESTED_FAMILIES = ['storage', 'elementwise', 'reduce', 'matmul', 'movement', 'conv', 'pool'];

function families(): string[] {
  return Object.values(SECTION_FOLDERS).flatMap((f) => f.split('+'));
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
      // backend-js sorts with kernel-kit's argsortLines directly in js-backend.ts: no sort/ folder
      const expected = families().filter((f) => backend === 'backend-js' ? f !== 'sort' : true);
      for (const family of expected) expect(folders, `${backend}/src/${family}`).toContain(family);
    });

    it(`${backend}: kebab-case file and folder names`, () => {
      const pkg = join(ROOT, 'packages', backend);
      const names = ['src', 'test'].flatMap((d) => filesUnder(join(pkg, d))).map((p) => relative(pkg, p)).filter((p) => !p.startsWith('src/generated/'));
      const bad = names.filter((p) => p.split('/').some((part) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/.test(part)));
      expect(bad).toEqual([]);
    });

    it(`${backend}: kernel tests named after one family each`, () => {
      const tests = readdirSync(join(ROOT, 'packages', backend, 'test')).filter((n) => n.endsWith('.test.ts')).map((n) => n.slice(0, -'.test.ts'.length));
      for (const family of TESTED_FAMILIES) {
        expect(tests.filter((t) => t === family || t.startsWith(`${family}-`)), `${backend}/test/${family}.test.ts`).not.toEqual([]);
      }
      // a file such as conv-pool.test.ts would test two families at once
      const mixed = tests.filter((t) => families().filter((f) => t === f || t.startsWith(`${f}-`) || t.includes(`-${f}`)).length > 1);
      expect(mixed).toEqual([]);
    });
  }

  it('backend-wasm: assembly/ files are named after a family or are listed machinery', () => {
    const dir = join(ROOT, 'packages/backend-wasm/assembly');
    const names = readdirSync(dir).filter((n) => n.endsWith('.ts')).map((n) => n.slice(0, -'.ts'.length));
    const allowed = new Set([...families(), ...WASM_ASSEMBLY_MACHINERY]);
    expect(names.filter((n) => !allowed.has(n))).toEqual([]);
    // the kernels of every family that has AssemblyScript (sorting runs on the host)
    for (const family of families().filter((f) => f !== 'sort')) expect(names, `assembly/${family}.ts`).toContain(family);
  });
});
